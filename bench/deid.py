"""De-ID detection benchmark: chartforge's detector vs plain Presidio on the same notes.

    python -m bench.deid --notes 2000            (make bench-deid)

Notes and gold come from a demo export (`chartforge demo-data`, or --gold FILE). Three
contenders run in their own child process, so each loads its models once and its peak
memory is its own (RSS of the child and any workers, sampled every 50 ms):

* ``ours``    - ``deid.detect_run.run_detect``, the function behind `chartforge deid detect`
                (spaCy nlp.pipe batching + clinical recognizers + scrub + merge);
* ``verify``  - the verification detector over the same notes (the second pass);
* ``presidio``- plain Presidio: default recognizers, the same spaCy model through
                NlpEngineProvider, one ``analyze()`` call per note.

Throughput counts processing only (model loading is reported apart). Recall/precision
of ``ours`` and ``presidio`` come from deid.evaluate on the same gold; with --pii-synth the
two are also scored on ../shared/data/pii_synth. Prints counts, never note text.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from chartforge.contracts import files

REPO = Path(__file__).resolve().parents[1]
PII_SYNTH = REPO.parent / "shared" / "data" / "pii_synth" / "synth_dataset_v2.jsonl"


# -- child modes -------------------------------------------------------------------------
def _child_ours(source: Path, out: Path, stats: Path, workers: int) -> None:
    from chartforge.offline import configure_offline_environment

    configure_offline_environment()
    from deid import detect_run

    started = time.perf_counter()
    if workers == 1:
        detector = detect_run.load_detector(detect_run.DEFAULT_DETECTOR, {})
        loaded = _loaded()
        records = list(detect_run.read_records(source))
        with open(out, "w", encoding="utf-8") as handle:
            for i in range(0, len(records), detect_run.CHUNK_RECORDS):
                for record in detect_run.detect_records(detector, records[i:i + detect_run.CHUNK_RECORDS], source.name):
                    handle.write(json.dumps(record) + "\n")
    else:  # workers load inside run_detect: loading is part of the processing time here
        loaded = _loaded()
        detect_run.run_detect(source, out, workers=workers, config={})
    _write_stats(stats, started, loaded)


def _child_verify(source: Path, out: Path, stats: Path) -> None:
    from chartforge.offline import configure_offline_environment

    configure_offline_environment()
    from deid import detect_run

    started = time.perf_counter()
    detector = detect_run.load_detector("deid.verify:VerificationDetector", {})
    loaded = _loaded()
    records = list(detect_run.read_records(source))
    with open(out, "w", encoding="utf-8") as handle:
        for record in detect_run.detect_records(detector, records, source.name):
            handle.write(json.dumps(record) + "\n")
    _write_stats(stats, started, loaded)


def _child_presidio(source: Path, out: Path, stats: Path) -> None:
    from chartforge.offline import configure_offline_environment

    configure_offline_environment()
    from deid.presidio_baseline import PlainPresidio

    started = time.perf_counter()
    presidio = PlainPresidio()
    loaded = _loaded()
    with open(source, encoding="utf-8") as handle, open(out, "w", encoding="utf-8") as sink:
        for line in handle:
            note = json.loads(line)
            spans = [s.to_json() for s in presidio.detect(note["text"])]
            sink.write(json.dumps({"id": note["id"], "spans": spans}) + "\n")
    _write_stats(stats, started, loaded)


def _write_stats(path: Path, started: float, loaded: float) -> None:
    # CPU seconds too: on a shared machine wall time measures the other jobs as well
    path.write_text(json.dumps({"load_s": loaded - started, "process_s": time.perf_counter() - loaded,
                                "process_cpu_s": time.process_time() - _CPU_AT_LOAD[0]}))


_CPU_AT_LOAD = [0.0]


def _loaded() -> float:
    """Mark the end of model loading: wall clock for the caller, CPU clock kept for the stats."""
    _CPU_AT_LOAD[0] = time.process_time()
    return time.perf_counter()


# -- parent ------------------------------------------------------------------------------
def _run_child(mode: str, source: Path, out: Path, extra: list[str]) -> dict:
    import psutil

    stats = out.with_suffix(".stats.json")
    process = subprocess.Popen([sys.executable, "-m", "bench.deid", "--child", mode, str(source), str(out), str(stats),
                                *extra], cwd=REPO)
    parent = psutil.Process(process.pid)
    peak = 0
    while process.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    if process.returncode != 0:
        raise SystemExit(f"{mode} child failed with exit code {process.returncode}")
    result = json.loads(stats.read_text())
    result["peak_rss_mb"] = peak / 2**20
    return result


def _notes(args, workdir: Path) -> Path:
    gold = Path(args.gold) if args.gold else None
    if gold is None:
        export = workdir / "demo"
        subprocess.run([sys.executable, "-m", "chartforge", "demo-data", "--patients", str(args.patients),
                        "--seed", str(args.seed), "--out", str(export)], check=True, cwd=REPO,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        gold = export / "gold" / files.GOLD
    subset = workdir / "gold_subset.jsonl"
    with open(gold, encoding="utf-8") as handle, open(subset, "w", encoding="utf-8") as out:
        for count, line in enumerate(handle):
            if count >= args.notes:
                break
            out.write(line)
    return subset


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--gold", default=None, help="gold.jsonl to use instead of generating a demo export")
    parser.add_argument("--patients", type=int, default=320, help="demo patients to generate (about 6.5 notes each)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--pii-synth", action="store_true", help="also score both detectors on pii_synth")
    parser.add_argument("--json", default=None, help="write the results here")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, source, out, stats, *rest = args.child
        source, out, stats = Path(source), Path(out), Path(stats)
        if mode == "ours":
            _child_ours(source, out, stats, int(rest[0]) if rest else 1)
        elif mode == "verify":
            _child_verify(source, out, stats)
        else:
            _child_presidio(source, out, stats)
        return 0

    from deid.evaluate import evaluate_files

    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-deid-") as tmp:
        workdir = Path(tmp)
        notes = _notes(args, workdir)
        count = sum(1 for _ in open(notes, encoding="utf-8"))
        megabytes = sum(len(json.loads(line)["text"].encode()) for line in open(notes, encoding="utf-8")) / 1e6
        for mode, extra in (("ours", [str(args.workers)]), ("verify", []), ("presidio", [])):
            out = workdir / f"{mode}.jsonl"
            stats = _run_child(mode, notes, out, extra)
            stats["notes_per_s"] = count / stats["process_s"]
            stats["notes_per_cpu_s"] = count / stats["process_cpu_s"]
            stats["mb_per_s"] = megabytes / stats["process_s"]
            if mode != "verify":
                metrics = evaluate_files(notes, out)
                stats.update(recall=metrics["recall"], precision=metrics["precision"],
                             strict_f1=metrics["strict"]["f1"], token_recall=metrics["token_recall"])
            results[mode] = stats
        both = results["ours"]["process_s"] + results["verify"]["process_s"]
        both_cpu = results["ours"]["process_cpu_s"] + results["verify"]["process_cpu_s"]
        results["ours+verify"] = {"process_s": both, "notes_per_s": count / both, "mb_per_s": megabytes / both,
                                  "process_cpu_s": both_cpu, "notes_per_cpu_s": count / both_cpu}
        if args.pii_synth and PII_SYNTH.is_file():
            for mode in ("ours", "presidio"):
                out = workdir / f"pii_{mode}.jsonl"
                _run_child(mode, PII_SYNTH, out, ["1"] if mode == "ours" else [])
                metrics = evaluate_files(PII_SYNTH, out, "pii_synth")
                results[mode]["pii_synth_recall"] = metrics["recall"]
                results[mode]["pii_synth_precision"] = metrics["precision"]
    _print(results, count, megabytes, args.workers)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


def _print(results: dict, count: int, megabytes: float, workers: int) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"deid detection: {count} demo notes ({megabytes:.1f} MB), workers={workers}")
    for column in ("detector", "load s", "process s", "notes/s", "CPU s", "notes/CPU-s", "MB/s", "peak RSS MB", "recall", "precision",
                   "strict F1", "pii_synth R", "pii_synth P"):
        table.add_column(column, justify="right" if column != "detector" else "left")

    def fmt(value, pattern="{:.3f}"):
        return "-" if value is None else pattern.format(value)

    names = {"ours": "chartforge first pass", "verify": "verification pass", "ours+verify": "both passes",
             "presidio": "plain Presidio"}
    for key in ("ours", "verify", "ours+verify", "presidio"):
        r = results[key]
        table.add_row(names[key], fmt(r.get("load_s"), "{:.1f}"), fmt(r["process_s"], "{:.1f}"),
                      fmt(r["notes_per_s"], "{:.1f}"), fmt(r.get("process_cpu_s"), "{:.1f}"),
                      fmt(r.get("notes_per_cpu_s"), "{:.2f}"), fmt(r["mb_per_s"], "{:.3f}"), fmt(r.get("peak_rss_mb"), "{:.0f}"),
                      fmt(r.get("recall"), "{:.4f}"), fmt(r.get("precision"), "{:.4f}"), fmt(r.get("strict_f1"), "{:.4f}"),
                      fmt(r.get("pii_synth_recall"), "{:.4f}"), fmt(r.get("pii_synth_precision"), "{:.4f}"))
    console = Console()
    console.print(table)
    presidio = results["presidio"]["notes_per_cpu_s"]
    console.print(f"notes per CPU-second / plain Presidio's: first pass {results['ours']['notes_per_cpu_s'] / presidio:.2f}x, "
                  f"both passes {results['ours+verify']['notes_per_cpu_s'] / presidio:.2f}x "
                  f"(load average {__import__('os').getloadavg()[0]:.1f})")


if __name__ == "__main__":
    sys.exit(main())
