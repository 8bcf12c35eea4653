"""Whole deid flow benchmark: `chartforge deid run` on N notes beside plain Presidio on the same notes.

    python -m bench.deid_flow --notes 2000        (part of make bench-deid)
    taskset -c 1 python -m bench.deid_flow --notes 600    (one core: the issue-18 figure)
    taskset -c 1 python -m bench.deid_flow --notes 600 --running-server   (a server already up)
    taskset -c 1 python -m bench.deid_flow --notes 300,1200    (steady state: the cost per note
                                                                 between two sizes, fixed costs apart)

A demo export (`chartforge demo-data`) is replicated under new row/patient ids to ``--notes``
notes (bench.ingest's helpers), then one `chartforge deid run` child process de-identifies it
(ingest, first pass with the learned model, surrogates, verification, review sample, publish)
on an ephemeral Prefect server in a throwaway PREFECT_HOME, work dir and key. Then plain
Presidio (deid/presidio_baseline.py, one ``analyze()`` per note) runs over the same note texts
in a child of its own. Each child's CPU seconds (user + system of the child and every process
of its tree, each counted once: RUSAGE_CHILDREN of this process, which adopts orphans) and peak
RSS are its own, so the ratio holds on a loaded machine; both include start-up and model loading
(the flow's also Prefect's ephemeral server, or with --running-server that server's CPU during
the run). A second table splits the flow's CPU by stage (stage markers) from what it spent
outside the stages. Prints counts, never note text.

With two or more sizes, each size runs both children again in a directory of its own, and the
last table fits CPU = fixed + per-note x notes through the smallest and largest size for each:
the per-note slope is what a long run costs per note (Prefect's server start-up, imports and
model loading fall into "fixed"; the server's CPU while the flow runs grows with the run and
stays in the slope), the ratio of the slopes is the steady-state speed-up over plain Presidio.

Until 2026-12-07 the server's CPU was counted twice (os.wait4 already held it, the sampled
descendants added it again): the 136.8 CPU-s / 0.72x of that day's first figure were ~20 CPU-s
too high.
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


def become_subreaper() -> None:
    """Make this process adopt its children's orphans (Linux): a descendant the child leaves
    behind is then reaped here, so its CPU seconds land in this process's RUSAGE_CHILDREN."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _wait(proc: subprocess.Popen, started: float, keep: tuple[int, ...] = ()) -> dict:
    """Wait for ``proc`` and return its CPU seconds: this process's RUSAGE_CHILDREN before and
    after, which holds the child and every descendant reaped in its tree (Prefect's ephemeral
    server, which `deid run` stops and reaps) plus orphans adopted and reaped here
    (become_subreaper), each counted once. Descendants are also sampled while the child runs,
    for the "of it subprocesses" figure. ``keep``: pids of this process's own long-running
    children (a running server) not to reap. Peak RSS: the largest single process of the tree."""
    import resource

    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
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
    _reap_orphans(keep)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": time.perf_counter() - started, "cpu_s": cpu, "descendants_cpu_s": sum(descendants.values()),
            "rss": usage.ru_maxrss * 1024, "exit": proc.returncode}


def _reap_orphans(keep: tuple[int, ...], timeout: float = 60) -> None:
    """Reap the descendants the child left behind (adopted here); stop those still running after ``timeout``."""
    import psutil

    deadline = time.monotonic() + timeout
    while True:
        orphans = [p for p in psutil.Process().children() if p.pid not in keep]
        for orphan in orphans:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(orphan.pid, os.WNOHANG)
        orphans = [p for p in orphans if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not orphans:
            return
        if time.monotonic() > deadline:
            for orphan in orphans:
                with contextlib.suppress(psutil.Error):
                    orphan.kill()
            for orphan in orphans:
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(orphan.pid, 0)
            return
        time.sleep(0.5)


def presidio_child(notes: Path, workdir: Path) -> dict:
    """Plain Presidio over ``notes`` ({"id", "text"} lines) in a child (bench.deid's child mode)."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bench.deid", "--child", "presidio", str(notes),
                             str(workdir / "presidio.jsonl"), str(workdir / "presidio.stats.json")],
                            cwd=Path(__file__).resolve().parents[1], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return _wait(proc, started)


def deid_child(source: Path, workdir: Path, server: "RunningServer | None" = None) -> dict:
    """Wall and CPU seconds, peak RSS bytes and exit code of one `chartforge deid run` child;
    with a running ``server``, the CPU that server spent during the run is added (not its start-up)."""
    env = {**os.environ, "PREFECT_HOME": str(workdir / "prefect"),
           "CHARTFORGE__PATHS__WORK_DIR": str(workdir / "work"),
           "CHARTFORGE_DEID_KEY": secrets.token_hex(16),
           # Prefect gives its ephemeral server 20 s to start: not enough on a loaded box (load 20)
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS":
               os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "300")}
    if server is not None:
        env["PREFECT_API_URL"] = server.api
    server_cpu = server.cpu_seconds() if server else 0.0
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "chartforge", "deid", "run", str(source),
                             "--out", str(workdir / "batches")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    result = _wait(proc, started, keep=(server.proc.pid,) if server else ())
    if server is not None:
        spent = server.cpu_seconds() - server_cpu
        result["cpu_s"] += spent
        result["descendants_cpu_s"] += spent
    return result


class RunningServer:
    """A `prefect server start` (SQLite in the bench's temp dir, 127.0.0.1 only) started before
    the measured run, as a deployment keeps one running: the run's figures then leave out the
    server's start-up but include every CPU-second it spent serving the run."""

    def __init__(self, workdir: Path):
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.api = f"http://127.0.0.1:{port}/api"
        env = {**os.environ, "PREFECT_HOME": str(workdir / "prefect-server"), "PREFECT_UI_ENABLED": "false",
               "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_API_URL": self.api}
        self.proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                                      "--port", str(port), "--no-ui"], env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)

    def wait_healthy(self, timeout: float = 300) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"prefect server exited with code {self.proc.returncode}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.api}/health", timeout=2).status_code == 200:
                    time.sleep(2)  # let its start-up services settle before the CPU baseline
                    return
            time.sleep(1)
        raise SystemExit("prefect server not healthy in time")

    def cpu_seconds(self) -> float:
        import psutil

        total = 0.0
        with contextlib.suppress(psutil.Error):
            root = psutil.Process(self.proc.pid)
            for process in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    times = process.cpu_times()
                    total += times.user + times.system
        return total

    def stop(self) -> None:
        import signal

        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def stage_table(work_root: Path, flow: dict, notes: int):
    """CPU seconds per stage of the flow run (its stage markers: the thread CPU of each chunk,
    summed; the first detect and verify chunks include loading their models), and what the
    run spent outside the stages: interpreter start-up, imports, Prefect's client and server."""
    from rich.table import Table

    from bench.scale import STAGES, _stage_times

    totals: dict[str, float] = {}
    for markers in work_root.rglob("markers"):
        for stage, (_, cpu) in _stage_times(markers.parent).items():
            totals[stage] = totals.get(stage, 0.0) + cpu
    table = Table(title="whole flow: CPU seconds per stage")
    for column in ("stage", "CPU s", "CPU-ms/note"):
        table.add_column(column, justify="right" if column != "stage" else "left")
    for stage, cpu in sorted(totals.items(), key=lambda kv: (STAGES + (kv[0],)).index(kv[0])):
        table.add_row(stage, f"{cpu:.1f}", f"{cpu / notes * 1000:.1f}")
    outside = flow["cpu_s"] - sum(totals.values())
    table.add_row("outside the stages (start-up, imports, Prefect)", f"{outside:.1f}", f"{outside / notes * 1000:.1f}")
    return table


def run_size(rows: list[dict], notes: int, root: Path, running_server: bool, with_presidio: bool) -> dict:
    """Both children on the first ``notes`` replicated rows, in ``root``/n<notes>."""
    workdir = root / f"n{notes}"
    workdir.mkdir()
    source, texts_file = workdir / files.EXPORT_JSONL, workdir / "notes.jsonl"
    with open(source, "w", encoding="utf-8") as handle, open(texts_file, "w", encoding="utf-8") as texts:
        for i, row in enumerate(replicated(rows, notes)):
            handle.write(json.dumps(row) + "\n")
            texts.write(json.dumps({"id": i, "text": row["text"]}) + "\n")
    server = RunningServer(workdir) if running_server else None
    try:
        if server:
            server.wait_healthy()
        flow = deid_child(source, workdir, server)
    finally:
        if server:
            server.stop()
    presidio = presidio_child(texts_file, workdir) if with_presidio else None
    manifests = list((workdir / "batches").glob("*/manifest.json"))
    published = json.loads(manifests[0].read_text())["stages"]["publish"]["notes"] if manifests else 0
    return {"notes": notes, "flow": flow, "presidio": presidio, "published": published, "workdir": workdir}


def steady_state_table(results: list[dict]):
    """CPU = fixed + per-note x notes through the smallest and the largest size, per run."""
    from rich.table import Table

    small, large = results[0], results[-1]
    table = Table(title=f"steady state: CPU seconds fitted through {small['notes']} and {large['notes']} notes")
    for column in ("run", "fixed CPU s", "CPU-ms per note", "notes per CPU-s"):
        table.add_column(column, justify="right" if column != "run" else "left")
    slopes = {}
    for name in ("flow", "presidio"):
        if small[name] is None:
            continue
        slope = (large[name]["cpu_s"] - small[name]["cpu_s"]) / (large["notes"] - small["notes"])
        fixed = small[name]["cpu_s"] - slope * small["notes"]
        slopes[name] = slope
        label = "chartforge deid run (whole flow)" if name == "flow" else "plain Presidio"
        table.add_row(label, f"{fixed:.1f}", f"{slope * 1000:.1f}", f"{1 / slope:.2f}" if slope > 0 else "-")
    return table, slopes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", default="2000",
                        help="notes in the generated export; two or more sizes (300,1200) add the steady-state fit")
    parser.add_argument("--patients", type=int, default=200, help="demo patients to generate before replication")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--running-server", action="store_true",
                        help="run the flow against a Prefect server started beforehand (its start-up left out, "
                             "its CPU during the run counted) instead of the ephemeral one `deid run` starts")
    parser.add_argument("--no-presidio", dest="presidio", action="store_false", help="skip the plain Presidio run")
    args = parser.parse_args(argv)
    sizes = sorted(int(n) for n in str(args.notes).split(","))

    from rich.console import Console
    from rich.table import Table

    console = Console()
    become_subreaper()
    with tempfile.TemporaryDirectory(prefix="chartforge-bench-deid-flow-") as tmp:
        root = Path(tmp)
        rows = demo_records(root, args.patients, args.seed, None)
        results = [run_size(rows, n, root, args.running_server, args.presidio) for n in sizes]
        table = Table(title=f"deid flow benchmark: {', '.join(str(n) for n in sizes)} notes")
        for column in ("run", "notes", "wall s", "CPU s", "of it subprocesses", "notes per CPU-s", "peak RSS MB", "exit"):
            table.add_column(column, justify="right" if column != "run" else "left")
        for result in results:
            runs = [("chartforge deid run (whole flow)", result["flow"])]
            runs += [("plain Presidio", result["presidio"])] if result["presidio"] else []
            for name, r in runs:
                table.add_row(name, str(result["published"] if r is result["flow"] else result["notes"]),
                              f"{r['wall_s']:.1f}", f"{r['cpu_s']:.1f}", f"{r['descendants_cpu_s']:.1f}",
                              f"{result['notes'] / r['cpu_s']:.2f}", f"{r['rss'] / 1e6:.0f}", str(r["exit"]))
        console.print(table)
        for result in results:
            console.print(stage_table(result["workdir"] / "work", result["flow"], result["notes"]))
        for result in results:
            if result["presidio"]:
                console.print(f"{result['notes']} notes: whole flow / plain Presidio, notes per CPU-second: "
                              f"{result['presidio']['cpu_s'] / result['flow']['cpu_s']:.2f}x")
        if len(results) >= 2:
            fit, slopes = steady_state_table(results)
            console.print(fit)
            if "presidio" in slopes and slopes["flow"] > 0:
                console.print(f"steady state (per note, fixed costs apart): whole flow / plain Presidio "
                              f"{slopes['presidio'] / slopes['flow']:.2f}x")
        server_note = ("the flow's Prefect server was running before it (its CPU during the run counted, "
                       "its start-up not)" if args.running_server else "the flow's also Prefect's ephemeral server")
        console.print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
                      f"both include start-up and model loading ({server_note}).")
        ok = all(r["flow"]["exit"] == 0 and r["published"] == r["notes"]
                 and (r["presidio"] is None or r["presidio"]["exit"] == 0) for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
