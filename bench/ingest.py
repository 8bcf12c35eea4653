"""Ingestion benchmark: throughput (notes/s, MB/s) and peak RSS on a large export.

    python -m bench.ingest --notes 100000        (make bench-ingest)

A demo export (`chartforge demo-data`) provides realistic notes; it is replicated under new
row and patient ids until it holds ``--notes`` notes, written as JSONL, CSV and Parquet in a
temporary directory. Each format is then ingested by `chartforge ingest` in its own child
process, whose peak RSS comes from os.wait4 (the child's own rusage, not the benchmark's).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from chartforge.contracts import files

FIELDS = ["row_id", "source", "patient_id", "encounter_id", "note_type", "note_date", "text", "codes"]
BATCH = 5000


def demo_records(workdir: Path, patients: int, seed: int, base_jsonl: Path | None) -> list[dict]:
    if base_jsonl is None:
        export = workdir / "demo"
        subprocess.run([sys.executable, "-m", "chartforge", "demo-data", "--patients", str(patients),
                        "--seed", str(seed), "--out", str(export), "--formats", "jsonl"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base_jsonl = export / files.EXPORT_JSONL
    with open(base_jsonl, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def replicated(base: list[dict], notes: int):
    """``notes`` records: copy k of a base record gets row/patient/encounter ids suffixed with k,
    so nothing is a duplicate and every note id is new."""
    for i in range(notes):
        copy, record = divmod(i, len(base))
        row = dict(base[record])
        if copy:
            for key in ("row_id", "patient_id", "encounter_id"):
                row[key] = f"{row[key]}-c{copy}"
        yield row


def write_exports(base: list[dict], notes: int, directory: Path, formats: list[str]) -> dict[str, Path]:
    """The replicated export in each of ``formats`` (jsonl, csv, parquet), streamed to disk."""
    paths = {name: directory / f"export.{name}" for name in formats}
    with contextlib.ExitStack() as stack:
        jsonl = stack.enter_context(open(paths["jsonl"], "w", encoding="utf-8")) if "jsonl" in paths else None
        csv_writer = None
        if "csv" in paths:
            csv_writer = csv.writer(stack.enter_context(open(paths["csv"], "w", encoding="utf-8", newline="")))
            csv_writer.writerow(FIELDS)
        writer, batch = None, []
        for row in replicated(base, notes):
            if jsonl:
                jsonl.write(json.dumps(row) + "\n")
            if csv_writer:
                csv_writer.writerow(["|".join(row["codes"]) if f == "codes" else row[f] for f in FIELDS])
            if "parquet" in paths:
                batch.append(row)
                if len(batch) == BATCH:
                    writer, batch = _write_parquet_batch(writer, paths["parquet"], batch), []
        if batch:
            writer = _write_parquet_batch(writer, paths["parquet"], batch)
        if writer is not None:
            writer.close()
    return paths


def _write_parquet_batch(writer, path: Path, batch: list[dict]):
    table = pa.Table.from_pylist([{f: row[f] for f in FIELDS} for row in batch])
    if writer is None:
        writer = pq.ParquetWriter(str(path), table.schema)
    writer.write_table(table)
    return writer


def ingest_child(source: Path, out: Path) -> tuple[float, float, int, int, dict]:
    """(wall seconds, CPU seconds, peak RSS bytes, exit code, summary totals) of one `chartforge ingest` child."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "chartforge", "ingest", str(source), "--out", str(out),
                             "--no-progress"], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    total = json.loads((out / files.INGEST_SUMMARY).read_text())["total"]
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss * 1024, proc.returncode, total  # ru_maxrss is KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=100000, help="notes in the generated export")
    parser.add_argument("--patients", type=int, default=300, help="demo patients to generate before replication")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--base-jsonl", type=Path, default=None,
                        help="replicate this flat JSONL export instead of generating a demo export")
    parser.add_argument("--formats", default="jsonl,csv,parquet")
    args = parser.parse_args(argv)

    from rich.console import Console
    from rich.table import Table

    console = Console(width=150)
    with tempfile.TemporaryDirectory(prefix="chartforge-bench-ingest-") as tmp:
        workdir = Path(tmp)
        started = time.perf_counter()
        base = demo_records(workdir, args.patients, args.seed, args.base_jsonl)
        formats = args.formats.split(",")
        paths = write_exports(base, args.notes, workdir, formats)
        console.print(f"generated {args.notes} notes ({len(base)} distinct texts) in "
                      f"{time.perf_counter() - started:.1f} s")
        table = Table(title=f"ingest benchmark: {args.notes} notes, 1 process, chunk_rows from config")
        for column in ("format", "file MB", "wall s", "notes/s", "MB/s", "CPU s", "notes/CPU-s", "peak RSS MB",
                       "written", "exit"):
            table.add_column(column, justify="right" if column != "format" else "left")
        failed = False
        for name in formats:
            path = paths[name]
            megabytes = path.stat().st_size / 1e6
            seconds, cpu, rss, code, total = ingest_child(path, workdir / f"out-{name}")
            failed |= code != 0 or total["written"] != args.notes
            table.add_row(name, f"{megabytes:.1f}", f"{seconds:.1f}", f"{args.notes / seconds:,.0f}",
                          f"{megabytes / seconds:.1f}", f"{cpu:.1f}", f"{args.notes / cpu:,.0f}", f"{rss / 1e6:.0f}",
                          str(total["written"]), str(code))
        console.print(table)
        console.print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
                      f"{os.getloadavg()[0]:.1f}; times include process start-up. On a shared machine, "
                      "notes/CPU-s is the stable figure.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
