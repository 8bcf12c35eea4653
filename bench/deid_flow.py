"""Whole deid flow benchmark: notes/s and peak RSS of `chartforge deid run` on N notes.

    python -m bench.deid_flow --notes 2000        (part of make bench-deid)

A demo export (`chartforge demo-data`) is replicated under new row/patient ids to ``--notes``
notes (bench.ingest's helpers), then one `chartforge deid run` child process de-identifies it
on an ephemeral Prefect server in a throwaway PREFECT_HOME, work dir and key. Wall time
includes Prefect's server start and model loading; peak RSS is the child's own (os.wait4),
which covers the flow's threads and the Prefect server it starts in-process.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.ingest import demo_records, replicated


def deid_child(source: Path, workdir: Path) -> tuple[float, int, int]:
    """(seconds, peak RSS bytes, exit code) of one `chartforge deid run` child."""
    env = {**os.environ, "PREFECT_HOME": str(workdir / "prefect"),
           "CHARTFORGE__PATHS__WORK_DIR": str(workdir / "work"),
           "CHARTFORGE_DEID_KEY": secrets.token_hex(16)}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "chartforge", "deid", "run", str(source),
                             "--out", str(workdir / "batches")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000, help="notes in the generated export")
    parser.add_argument("--patients", type=int, default=200, help="demo patients to generate before replication")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)

    from rich.console import Console
    from rich.table import Table

    console = Console()
    with tempfile.TemporaryDirectory(prefix="chartforge-bench-deid-flow-") as tmp:
        workdir = Path(tmp)
        source = workdir / "export.jsonl"
        with open(source, "w", encoding="utf-8") as handle:
            for row in replicated(demo_records(workdir, args.patients, args.seed, None), args.notes):
                handle.write(json.dumps(row) + "\n")
        seconds, rss, code = deid_child(source, workdir)
        manifests = list((workdir / "batches").glob("*/manifest.json"))
        published = json.loads(manifests[0].read_text())["stages"]["publish"]["notes"] if manifests else 0
        table = Table(title=f"deid flow benchmark: {args.notes} notes, 1 process")
        for column in ("notes", "published", "seconds", "notes/s", "peak RSS MB", "exit"):
            table.add_column(column, justify="right")
        table.add_row(str(args.notes), str(published), f"{seconds:.1f}", f"{args.notes / seconds:.1f}",
                      f"{rss / 1e6:.0f}", str(code))
        console.print(table)
        console.print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; wall time includes "
                      "Prefect's ephemeral server start and model loading.")
    return 0 if code == 0 and published == args.notes else 1


if __name__ == "__main__":
    sys.exit(main())
