"""``chartforge deid run``: the deid flow on ephemeral Prefect, with progress and a summary.

Registered on the ``deid`` click group (chartforge/cli/deid.py). Prints counts only: the manifest's
numbers, never a note's content.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import click

from chartforge.cli.common import EXIT_CHECK as EXIT_CHECK_FAILED
from chartforge.cli.common import EXIT_OK
from chartforge.errors import ChartforgeError


def _watch_progress(work: Path, gold: bool, done: threading.Event) -> None:
    """A progress bar over finished stages, read from the stage markers (no Prefect API)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from chartforge.contracts.files import CHUNK_INDEX
    from chartforge.stage_markers import marker_files
    from deid.pipeline_steps import CHUNKS_DIR

    with Progress(TextColumn("deid"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=True) as progress:
        bar = progress.add_task("stages", total=None)
        while not done.wait(0.5):
            index = work / CHUNKS_DIR / CHUNK_INDEX
            if index.is_file() and progress.tasks[0].total is None:
                chunks = json.loads(index.read_text(encoding="utf-8"))["chunks"]
                progress.update(bar, total=2 + 3 * chunks + 3 + int(gold))
            progress.update(bar, completed=len(marker_files(work)))


def _summary(result: dict) -> None:
    from rich.table import Table

    from chartforge.console import make_console

    manifest = result["manifest"]
    console = make_console(stderr=False)
    table = Table(title=f"deid batch {manifest['batch_id']} ({manifest['mode']})")
    for column in ("stage", "this run", "counts"):
        table.add_column(column)
    for name, record in result["stages"].items():
        counts = ", ".join(f"{k} {v}" for k, v in record["counts"].items() if not isinstance(v, dict))
        table.add_row(name, "skipped" if record["skipped"] else "ran", counts)
    console.print(table)
    recon = manifest["reconciliation"]
    console.print(f"read {recon['read']} = published {recon['published']} + duplicates {recon['duplicates']} "
                  f"+ quarantined {recon['quarantined']}: {'balanced' if recon['balanced'] else 'NOT BALANCED'}")
    if "gold" in manifest:
        gold = Table(title="gold: planted PHI missed by detection")
        for column in ("label", "spans", "missed", "leaked", "miss rate"):
            gold.add_column(column, justify="right" if column != "label" else "left")
        for label, c in manifest["gold"]["per_label"].items():
            gold.add_row(label, str(c["spans"]), str(c["missed"]), str(c["leaked"]), f"{c['miss_rate']:.4f}")
        g = manifest["gold"]
        gold.add_row("all", str(g["spans"]), str(g["missed"]), str(g["leaked"]), f"{g['miss_rate']:.4f}")
        console.print(gold)
        console.print("misses (note id, offsets, label) are listed in gold_eval.json in the batch")
    lexicon = manifest.get("site_lexicon")
    if lexicon:  # counts only: the lexicon's text stays in its 0600 file
        by_label = ", ".join(f"{k} {v}" for k, v in sorted(lexicon["by_label"].items()))
        console.print(f"site lexicon applied: {lexicon['entries']} entries ({by_label})")
    console.print(f"batch: {result['batch_dir']}")


@click.command("run")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--mode", type=click.Choice(["surrogate", "mask"]), default="surrogate", show_default=True,
              help="surrogate: consistent fake values; mask: [LABEL] placeholders.")
@click.option("--out", "batches_dir", type=click.Path(file_okay=False), default=None,
              help="Batches directory (default: [deid.flow] batches_dir).")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Gold spans (gold.jsonl): measure and report the miss rate.")
def run(sources, mode, batches_dir, gold):
    """De-identify EHR exports (or an ingest dir) into a batch via the Prefect flow `deid`.

    Runs on an ephemeral local Prefect server; a rerun with the same inputs, config and key
    resumes: finished stages are skipped.
    """
    from chartforge.config import get_config
    from deid.batch_plan import plan_batch

    try:
        work = Path(plan_batch(list(sources), mode, batches_dir, gold, get_config()).work)
    except ChartforgeError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(exc.exit_code) from None
    from flows.deid import deid_flow

    done = threading.Event()
    watcher = threading.Thread(target=_watch_progress, args=(work, bool(gold), done), daemon=True)
    watcher.start()
    try:
        result = deid_flow(sources=[str(Path(s).resolve()) for s in sources], mode=mode,
                           batches_dir=batches_dir, gold=gold)
    except ChartforgeError as exc:
        done.set()
        watcher.join()
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(exc.exit_code) from None
    done.set()
    watcher.join()
    _summary(result)
    raise SystemExit(EXIT_OK if result["manifest"]["reconciliation"]["balanced"] else EXIT_CHECK_FAILED)
