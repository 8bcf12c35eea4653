"""`chartforge demo-data`: generate the synthetic EHR export with planted PHI and gold spans."""

from __future__ import annotations

import time
from pathlib import Path

import click


def _parse_formats(value: str) -> tuple[str, ...]:
    from demodata.writers import FORMATS

    chosen = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"choose from {', '.join(FORMATS)} (got {value!r})")
    return chosen


@click.command(name="demo-data")
@click.option("--patients", type=click.IntRange(min=1), default=25, show_default=True, help="Patients to generate.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Output directory.")
@click.option("--seed", type=int, default=7, show_default=True, help="Same seed -> byte-identical export.")
@click.option("--formats", "formats", default="jsonl,csv,parquet,fhir", show_default=True,
              help="Comma list of jsonl,csv,parquet,fhir (gold and README are always written).")
def demo_data(patients: int, out: Path, seed: int, formats: str):
    """Generate a synthetic EHR export (CSV, JSONL, Parquet, FHIR R4) with planted PHI and gold spans."""
    from tqdm import tqdm

    from demodata.generator import DemoGenerator
    from demodata.report import print_summary, write_readme
    from demodata.writers import ExportWriter

    chosen = _parse_formats(formats)
    started = time.perf_counter()
    generator = DemoGenerator(seed)
    with ExportWriter(out, chosen, seed) as writer:
        for record in tqdm(generator.patients(patients), total=patients, unit="patient", desc="demo-data"):
            writer.add(record)
    write_readme(out, writer.stats, patients, seed, chosen)
    print_summary(writer.stats, out, time.perf_counter() - started)
