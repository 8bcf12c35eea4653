"""`chartforge ingest SOURCE... --out DIR`."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from chartforge.cli.common import EXIT_INPUT
from chartforge.contracts import files
from ingest import formats

FORMAT_CHOICES = {"auto": None, "csv": formats.CSV, "jsonl": formats.JSONL, "parquet": formats.PARQUET,
                  "fhir-bundle": formats.FHIR_BUNDLE, "fhir-ndjson": formats.FHIR_NDJSON}


class _ErrorPrinter:
    """Prints the first ``limit`` quarantine errors per file to stderr, then only counts them."""

    def __init__(self, limit: int):
        self.limit = limit
        self.shown: dict[str, int] = {}

    def __call__(self, key: str, error) -> None:
        self.shown[key] = self.shown.get(key, 0) + 1
        if self.shown[key] <= self.limit:
            click.echo(f"quarantined: {error}", err=True)
        elif self.shown[key] == self.limit + 1:
            click.echo(f"quarantined: ... more errors in {key}: see quarantine.parquet", err=True)


@click.command()
@click.argument("sources", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output directory (notes.parquet, quarantine.parquet, duplicates.parquet, ingest_summary.json).")
@click.option("--source", "source_name", default=None,
              help="Source system name for records without one (default: config ingest.default_source).")
@click.option("--format", "format_name", type=click.Choice(list(FORMAT_CHOICES)), default="auto",
              show_default=True, help="Skip format detection and read every SOURCE as this format.")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
def ingest(sources: tuple[Path, ...], out: Path, source_name: str | None, format_name: str, no_progress: bool):
    """Read EHR exports (CSV, JSONL, Parquet, FHIR R4 Bundle/NDJSON) into Parquet notes.

    Bad records are quarantined with a reason and the run goes on; the summary reconciles
    read = written + duplicates + quarantined. Exit 0 when notes were written (even with
    quarantined rows), 3 when nothing could be read, 2 for usage errors.
    """
    from chartforge.config import get_config
    from chartforge.console import line, make_console
    from ingest.pipeline import ingest as run_ingest
    from ingest.progress import ByteProgress
    from ingest.summary import render_table

    config = get_config()
    if out.exists() and not out.is_dir():
        raise click.UsageError(f"--out {out} is not a directory")
    printer = _ErrorPrinter(int(config["ingest"]["max_errors_shown"]))
    stderr = make_console(stderr=True)
    show_progress = not no_progress and stderr.is_terminal
    with ByteProgress(list(sources), stderr) if show_progress else contextlib.nullcontext() as progress:
        summary = run_ingest(list(sources), out, config=config, source_name=source_name,
                             format_name=FORMAT_CHOICES[format_name], on_error=printer, progress=progress)
    console = make_console()
    if not console.is_terminal:  # a log file or pipe: wide enough that paths are not folded
        console = make_console(width=160)
    console.print(render_table(summary))
    total = summary.total()
    if total["quarantined"]:
        console.print(line((f"{total['quarantined']} record(s) quarantined", "yellow"), " with reasons in "
                           f"{out / files.QUARANTINE} (codes: {', '.join(total['errors'])})."))
    if total["duplicates"]:
        console.print(f"{total['duplicates']} exact duplicate(s) dropped, listed in {out / files.DUPLICATES}.")
    if total["written"] == 0:
        click.echo("error: no note could be read from the sources.", err=True)
        sys.exit(EXIT_INPUT)
    console.print(f"{total['written']} notes written to {out / files.NOTES}")

