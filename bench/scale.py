"""Streaming at scale: the whole deid flow over generated exports of growing size.

    python -m bench.scale --sizes 2000,10000 --extrapolate 100000,1000000     (make bench-scale)

For each size, a demo export is replicated to that many notes (bench.ingest's helpers) and one
`chartforge deid run` child de-identifies it (thread runner, [deid.flow] workers, throwaway
Prefect home, work dir and key). Printed per size: notes/s, wall time per stage (from the stage
markers: first start to last end of the stage's chunks) and its CPU seconds, peak RSS of every
process of the run (psutil, sampled every 0.2 s, so a peak shorter than that can be missed),
and disk used by the export, the work area and the batch. The per-note cost of the largest size
is then extrapolated linearly to the --extrapolate sizes; memory stays flat when peak RSS does
not grow from the smallest to the largest size (every stage holds one chunk at a time).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import psutil

from bench.ingest import demo_records, replicated
from chartforge.contracts import files
from chartforge.stage_markers import marker_files

STAGES = ("ingest", "chunk", "detect", "mrn-map", "surrogate", "verify", "review", "publish")


def _process_kind(process: psutil.Process) -> str:
    try:
        cmd = " ".join(process.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return "?"
    if "chartforge" in cmd and "deid" in cmd:
        return "deid run (flow + chunk threads)"
    if "prefect" in cmd and "server" in cmd:
        return "prefect server"
    return cmd[:40]


class RssSampler(threading.Thread):
    """Peak RSS per process of a process tree, by kind of process."""

    def __init__(self, pid: int, every: float = 0.2):
        super().__init__(daemon=True)
        self.root, self.every, self.stopped = pid, every, threading.Event()
        self.peaks: dict[str, int] = defaultdict(int)

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                root = psutil.Process(self.root)
                for process in [root, *root.children(recursive=True)]:
                    try:
                        rss = process.memory_info().rss
                    except (psutil.NoSuchProcess, psutil.AccessDenied):
                        continue
                    kind = _process_kind(process)
                    self.peaks[kind] = max(self.peaks[kind], rss)
            except psutil.NoSuchProcess:
                return
            time.sleep(self.every)


def _disk(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def _stage_times(work: Path) -> dict[str, tuple[float, float]]:
    """stage -> (wall seconds from first start to last end, CPU seconds summed over chunks)."""
    spans: dict[str, list] = defaultdict(list)
    for marker in marker_files(work):
        record = json.loads(marker.read_text(encoding="utf-8"))
        if "started" not in record:
            continue
        stage = re.sub(r"-[0-9a-f]{5,}$", "", record["stage"])  # detect-00003, publish-<digest>
        spans[stage].append((record["started"], record["started"] + record["seconds"], record["cpu_seconds"]))
    return {stage: (max(e for _, e, _ in rows) - min(s for s, _, _ in rows), sum(c for _, _, c in rows))
            for stage, rows in spans.items()}


def run_size(base: list[dict], notes: int, root: Path) -> dict:
    workdir = root / f"n{notes}"
    workdir.mkdir()
    source = workdir / files.EXPORT_JSONL
    with open(source, "w", encoding="utf-8") as handle:
        for row in replicated(base, notes):
            handle.write(json.dumps(row) + "\n")
    env = {**os.environ, "PREFECT_HOME": str(workdir / "prefect"), "CHARTFORGE__PATHS__WORK_DIR": str(workdir / "work"),
           "CHARTFORGE_DEID_KEY": secrets.token_hex(16),
           # Prefect gives its ephemeral server 20 s to start: not enough on a loaded box (load 20)
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS":
               os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "300")}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "chartforge", "deid", "run", str(source), "--out",
                             str(workdir / "batches")], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = RssSampler(proc.pid)
    sampler.start()
    _, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.stopped.set()
    sampler.join()
    manifests = list((workdir / "batches").glob("*/manifest.json"))
    published = json.loads(manifests[0].read_text())["stages"]["publish"]["notes"] if manifests else 0
    work = next((workdir / "work" / "deid").iterdir())
    result = {"notes": notes, "published": published, "exit": proc.returncode, "seconds": seconds,
              "stages": _stage_times(work), "peak_rss": dict(sampler.peaks),
              "disk": {"export": _disk(source), "work area": _disk(workdir / "work"),
                       "batch": _disk(workdir / "batches")},
              "error_tail": stderr.decode(errors="replace")[-1500:] if proc.returncode else ""}
    return result


def _print(results: list[dict], extrapolate: list[int]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title="deid flow at growing export sizes (1 `chartforge deid run`, thread runner)")
    for column in ("notes", "published", "wall s", "notes/s", *[f"{s} s (cpu)" for s in STAGES],
                   "export MB", "work MB", "batch MB", "exit"):
        table.add_column(column, justify="right")
    for r in results:
        stages = [f"{r['stages'][s][0]:.1f} ({r['stages'][s][1]:.0f})" if s in r["stages"] else "-" for s in STAGES]
        table.add_row(str(r["notes"]), str(r["published"]), f"{r['seconds']:.0f}", f"{r['notes'] / r['seconds']:.1f}",
                      *stages, *[f"{r['disk'][k] / 1e6:.1f}" for k in ("export", "work area", "batch")], str(r["exit"]))
    console.print(table)

    rss = Table(title="peak RSS per process (MB)")
    rss.add_column("process")
    for r in results:
        rss.add_column(f"{r['notes']} notes", justify="right")
    kinds = sorted({k for r in results for k in r["peak_rss"]})
    for kind in kinds:
        rss.add_row(kind, *[f"{r['peak_rss'].get(kind, 0) / 1e6:.0f}" for r in results])
    console.print(rss)
    if len(results) >= 2:
        small, large = results[0], results[-1]
        growth = {k: large["peak_rss"].get(k, 0) / max(1, small["peak_rss"].get(k, 1)) for k in kinds}
        console.print("peak RSS growth " + f"{small['notes']} -> {large['notes']} notes: "
                      + ", ".join(f"{k} x{g:.2f}" for k, g in growth.items()))

    large = results[-1]
    per_note = {s: large["stages"][s][0] / large["notes"] for s in STAGES if s in large["stages"]}
    fixed = large["seconds"] - sum(large["stages"][s][0] for s in per_note)  # start-up, Prefect, model loading
    disk_per_note = {k: v / large["notes"] for k, v in large["disk"].items()}
    ext = Table(title=f"extrapolated linearly from {large['notes']} notes (stage wall time per note; "
                      f"{fixed:.0f} s fixed start-up)")
    for column in ("notes", "wall h", "notes/s", *[f"{s} h" for s in STAGES if s in per_note], "disk GB"):
        ext.add_column(column, justify="right")
    for n in extrapolate:
        total = fixed + sum(per_note.values()) * n
        ext.add_row(f"{n:,}", f"{total / 3600:.2f}", f"{n / total:.1f}",
                    *[f"{per_note[s] * n / 3600:.2f}" for s in STAGES if s in per_note],
                    f"{sum(disk_per_note.values()) * n / 1e9:.1f}")
    console.print(ext)
    console.print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
                  f"{os.getloadavg()[0]:.1f} at the end")
    for r in results:
        if r["exit"]:
            console.print(f"[red]run of {r['notes']} notes exited {r['exit']}[/red]:\n{r['error_tail']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,10000", help="comma-separated export sizes to run (notes)")
    parser.add_argument("--extrapolate", default="100000,1000000", help="sizes to extrapolate to")
    parser.add_argument("--patients", type=int, default=200, help="demo patients to generate before replication")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    extrapolate = [int(s) for s in args.extrapolate.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="chartforge-bench-scale-") as tmp:
        root = Path(tmp)
        base = demo_records(root, args.patients, args.seed, None)
        results = []
        for notes in sizes:
            print(f"deid run on {notes:,} notes ...", flush=True)
            results.append(run_size(base, notes, root))
    _print(results, extrapolate)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
    return 0 if all(r["exit"] == 0 and r["published"] == r["notes"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
