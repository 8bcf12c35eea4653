"""Demo-export generation benchmark: notes/s, MB/s written and peak RSS.

    python -m bench.demodata --patients 15000 --formats jsonl,csv,parquet   (make bench-demodata)

About 15k patients make 100k notes (6.7 notes per patient on average) (the ingest benchmark's size). The generator streams
patient by patient, so peak RSS should stay flat as --patients grows; the one structure
that grows is the set of distinct planted PHI strings kept for gold/phi_values.json.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table
from tqdm import tqdm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=15000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--formats", default="jsonl,csv,parquet")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="keep the export here (default: a temp dir)")
    args = parser.parse_args(argv)

    from chartforge.offline import configure_offline_environment

    configure_offline_environment()
    from demodata.export import generate_export

    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    with tempfile.TemporaryDirectory(prefix="chartforge-bench-demodata-") as scratch:
        out = args.out or Path(scratch) / "export"
        started = time.perf_counter()
        cpu_started = time.process_time()
        stats = generate_export(out, args.patients, args.seed, formats, workers=args.workers,
                                progress=lambda r: tqdm(r, total=args.patients, unit="patient"))
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        written = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    table = Table(title="demo-data generation")
    for column in ("patients", "notes", "wall s", "cpu s", "notes/s (wall)", "notes/cpu-s", "MB written",
                   "MB/s", "peak RSS MB"):
        table.add_column(column, justify="right")
    table.add_row(str(stats.patients), str(stats.notes), f"{seconds:.1f}", f"{cpu:.1f}",
                  f"{stats.notes / seconds:,.0f}", f"{stats.notes / cpu:,.0f}", f"{written / 1e6:,.1f}",
                  f"{written / 1e6 / seconds:,.1f}", f"{peak_mb:,.0f}")
    console = Console(width=max(Console().width, 120))
    console.print(table)
    console.print(f"formats: {','.join(formats)} + gold; workers: {args.workers} "
                    "(cpu s counts the main process only)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
