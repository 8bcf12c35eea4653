"""`chartforge demo-data`: generate the synthetic EHR export with planted PHI and gold spans.

Defaults come from the [demodata] section of the configuration. Exit codes: 0 written,
2 usage or configuration error (bad --formats, an --out that is a file)."""

from __future__ import annotations

import time
from pathlib import Path

import click


def _parse_formats(value) -> tuple[str, ...]:
    from demodata.writers import FORMATS

    parts = value if isinstance(value, (list, tuple)) else str(value).split(",")
    chosen = tuple(dict.fromkeys(str(part).strip().lower() for part in parts if str(part).strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"choose from {', '.join(FORMATS)} (got {','.join(map(str, parts))!r})",
                                 param_hint="--formats")
    return chosen


@click.command(name="demo-data")
@click.option("--patients", type=click.IntRange(min=1), default=None,
              help="Patients to generate (2-5 encounters, 1-3 notes each). [config demodata.patients]")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Output directory.")
@click.option("--seed", type=int, default=None, help="Same seed -> byte-identical export. [config demodata.seed]")
@click.option("--formats", "formats", default=None,
              help="Comma list of jsonl,csv,parquet,fhir; gold/ and README.md are always written. "
                   "[config demodata.formats]")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes generating patients (output is identical for any value). [config demodata.workers]")
def demo_data(patients: int | None, out: Path, seed: int | None, formats: str | None, workers: int | None):
    """Generate a synthetic EHR export (CSV, JSONL, Parquet, FHIR R4) with planted PHI and gold spans."""
    from chartforge.console import make_console
    from tqdm import tqdm

    from chartforge.config import get_config
    from demodata.export import generate_export
    from demodata.report import print_summary

    settings = get_config()["demodata"]
    patients = patients or settings["patients"]
    seed = settings["seed"] if seed is None else seed
    chosen = _parse_formats(formats if formats is not None else settings["formats"])
    if out.exists() and not out.is_dir():
        raise click.UsageError(f"--out {out} exists and is not a directory")

    started = time.perf_counter()
    stats = generate_export(
        out, patients, seed, chosen, row_group_rows=settings["row_group_rows"],
        workers=workers or settings["workers"],
        progress=lambda records: tqdm(records, total=patients, unit="patient", desc="demo-data"))
    print_summary(stats, out, time.perf_counter() - started, make_console(width=max(make_console().width, 100)))
