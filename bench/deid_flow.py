"""Whole deid flow benchmark: `chartforge deid run` on N notes beside plain Presidio on the same notes.

    python -m bench.deid_flow --notes 2000        (part of make bench-deid)
    taskset -c 1 python -m bench.deid_flow --notes 600    (one core: the issue-18 figure)

A demo export (`chartforge demo-data`) is replicated under new row/patient ids to ``--notes``
notes (bench.ingest's helpers), then one `chartforge deid run` child process de-identifies it
(ingest, first pass with the learned model, surrogates, verification, review sample, publish)
on an ephemeral Prefect server in a throwaway PREFECT_HOME, work dir and key. Then plain
Presidio (deid/presidio_baseline.py, one ``analyze()`` per note) runs over the same note texts
in a child of its own. Each child's CPU seconds (user + system, os.wait4: the process and what
it waited for) and peak RSS are its own, so the ratio holds on a loaded machine; both include
start-up and model loading (the flow's also Prefect's server). Prints counts, never note text.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.ingest import demo_records, replicated
from chartforge.contracts import files


def _wait(proc: subprocess.Popen, started: float) -> dict:
    """Wait for ``proc``, sampling its descendants (Prefect's ephemeral server is one): their
    last seen CPU seconds are added to the child's own, an upper bound when the child also
    waited for them (then os.wait4 counts them already)."""
    import psutil

    descendants: dict[int, float] = {}
    root = psutil.Process(proc.pid)
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)  # not proc.poll(): it would reap the rusage
        if pid:
            break
        with contextlib.suppress(psutil.Error):
            for child in root.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    times = child.cpu_times()
                    descendants[child.pid] = times.user + times.system
        time.sleep(0.5)
    proc.returncode = os.waitstatus_to_exitcode(status)
    extra = sum(descendants.values())
    return {"wall_s": time.perf_counter() - started, "cpu_s": usage.ru_utime + usage.ru_stime + extra,
            "descendants_cpu_s": extra, "rss": usage.ru_maxrss * 1024, "exit": proc.returncode}


def presidio_child(notes: Path, workdir: Path) -> dict:
    """Plain Presidio over ``notes`` ({"id", "text"} lines) in a child (bench.deid's child mode)."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bench.deid", "--child", "presidio", str(notes),
                             str(workdir / "presidio.jsonl"), str(workdir / "presidio.stats.json")],
                            cwd=Path(__file__).resolve().parents[1], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return _wait(proc, started)


def deid_child(source: Path, workdir: Path) -> dict:
    """Wall and CPU seconds, peak RSS bytes and exit code of one `chartforge deid run` child."""
    env = {**os.environ, "PREFECT_HOME": str(workdir / "prefect"),
           "CHARTFORGE__PATHS__WORK_DIR": str(workdir / "work"),
           "CHARTFORGE_DEID_KEY": secrets.token_hex(16)}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "chartforge", "deid", "run", str(source),
                             "--out", str(workdir / "batches")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return _wait(proc, started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000, help="notes in the generated export")
    parser.add_argument("--patients", type=int, default=200, help="demo patients to generate before replication")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-presidio", dest="presidio", action="store_false", help="skip the plain Presidio run")
    args = parser.parse_args(argv)

    from rich.console import Console
    from rich.table import Table

    console = Console()
    with tempfile.TemporaryDirectory(prefix="chartforge-bench-deid-flow-") as tmp:
        workdir = Path(tmp)
        source, notes = workdir / files.EXPORT_JSONL, workdir / "notes.jsonl"
        with open(source, "w", encoding="utf-8") as handle, open(notes, "w", encoding="utf-8") as texts:
            for i, row in enumerate(replicated(demo_records(workdir, args.patients, args.seed, None), args.notes)):
                handle.write(json.dumps(row) + "\n")
                texts.write(json.dumps({"id": i, "text": row["text"]}) + "\n")
        flow = deid_child(source, workdir)
        presidio = presidio_child(notes, workdir) if args.presidio else None
        manifests = list((workdir / "batches").glob("*/manifest.json"))
        published = json.loads(manifests[0].read_text())["stages"]["publish"]["notes"] if manifests else 0
        table = Table(title=f"deid flow benchmark: {args.notes} notes")
        for column in ("run", "notes", "wall s", "CPU s", "of it subprocesses", "notes per CPU-s", "peak RSS MB", "exit"):
            table.add_column(column, justify="right" if column != "run" else "left")
        rows = [("chartforge deid run (whole flow)", flow)] + ([("plain Presidio", presidio)] if presidio else [])
        for name, r in rows:
            table.add_row(name, str(published if r is flow else args.notes), f"{r['wall_s']:.1f}", f"{r['cpu_s']:.1f}",
                          f"{r['descendants_cpu_s']:.1f}",
                          f"{args.notes / r['cpu_s']:.2f}", f"{r['rss'] / 1e6:.0f}", str(r["exit"]))
        console.print(table)
        if presidio:
            console.print(f"whole flow / plain Presidio, notes per CPU-second: {presidio['cpu_s'] / flow['cpu_s']:.2f}x")
        console.print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
                      "both include start-up and model loading (the flow's also Prefect's server).")
        code = flow["exit"] if presidio is None or presidio["exit"] == 0 else presidio["exit"] or 1
    return 0 if code == 0 and published == args.notes else 1


if __name__ == "__main__":
    sys.exit(main())
