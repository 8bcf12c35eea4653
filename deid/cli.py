"""``chartforge deid``: PHI detection and its evaluation (other deid commands register here).

    chartforge deid detect --input notes.jsonl --output spans.jsonl [--workers N]
    chartforge deid eval --gold gold.jsonl --pred spans.jsonl [--label-map pii_synth] [--json OUT]

Output never contains note text; stderr messages name lines and fields only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

EXIT_OK, EXIT_CHECK_FAILED, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def deid():
    """De-identification: detect PHI spans, evaluate them, de-identify batches."""


def _progress(total: int):
    from tqdm import tqdm

    return tqdm(total=total, unit="note", desc="deid detect", file=sys.stderr, dynamic_ncols=True,
                disable=None)


@deid.command("detect")
@click.option("--input", "input_path", required=True, type=click.Path(dir_okay=False),
              help='JSONL notes: {"id", "text", "patient_id"?} per line.')
@click.option("--output", "output_path", required=True, type=click.Path(dir_okay=False),
              help='JSONL spans: {"id", "spans": [{start, end, label, score, source}]} per input line, same order.')
@click.option("--workers", type=int, default=None, help="Processes (default: [deid] workers).")
@click.option("--batch-size", type=int, default=None, help="Notes per spaCy nlp.pipe batch.")
def detect(input_path, output_path, workers, batch_size):
    """Detect PHI spans in every note (first pass: NER + clinical recognizers + regex scrub).

    A bad line (not UTF-8, not JSON, no id/text) becomes a record with "error" and no
    spans, reported on stderr by line number; the run continues.
    """
    from rich.console import Console
    from rich.table import Table

    from chartforge.config import get_config
    from deid.detect_run import run_detect, stderr_error
    from deid.settings import deid_settings

    if not Path(input_path).is_file():
        click.echo(f"error: input file {input_path} does not exist", err=True)
        sys.exit(EXIT_INPUT)
    settings = deid_settings(get_config())
    workers = workers or settings["workers"]
    if workers < 1:
        raise click.UsageError("--workers must be at least 1")
    summary = run_detect(input_path, output_path, workers=workers, config=settings, batch_size=batch_size,
                         progress=_progress, on_error=stderr_error)
    console = Console(stderr=True)
    table = Table(title="deid detect", show_header=True)
    table.add_column("label")
    table.add_column("spans", justify="right")
    for label, count in sorted(summary.per_label.items()):
        table.add_row(label, str(count))
    table.add_row("[bold]total[/bold]", str(summary.spans))
    console.print(table)
    console.print(f"records {summary.records} = written {summary.records - summary.flagged} "
                  f"+ flagged {summary.flagged} -> {output_path}")


@deid.command("eval")
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help='Gold JSONL: {"id", "text", "spans": [{start, end, label}]} per line.')
@click.option("--pred", "pred_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Predicted spans JSONL (the output of deid detect).")
@click.option("--label-map", default=None,
              help="Gold label map: a name in deid/label_maps (pii_synth, identity) or a YAML file.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), default=None, help="Write the metrics as JSON.")
@click.option("--min-recall", type=float, default=None, help="Exit 1 when overall span recall is below this.")
def eval_command(gold_path, pred_path, label_map, json_out, min_recall):
    """Score predictions: any-overlap span recall/precision (deid.pl style), strict span F1,
    token-level recall and recall per category."""
    from rich.console import Console

    from chartforge.atomic import write_json
    from chartforge.errors import ChartforgeError
    from deid.evaluate import evaluate_files
    from deid.eval_report import metrics_table

    try:
        metrics = evaluate_files(gold_path, pred_path, label_map)
    except ChartforgeError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE if exc.code == "E208" else EXIT_INPUT)
    from chartforge.config import get_config
    from deid.settings import deid_settings

    metrics["profile"] = deid_settings(get_config())["profile"]  # what the detector counted as PHI
    Console().print(metrics_table(metrics))
    click.echo(f"profile: {metrics['profile']} ([deid] profile; deid/README.md)")
    if json_out:
        write_json(json_out, metrics)
    if min_recall is not None and (metrics["recall"] or 0.0) < min_recall:
        click.echo(f"recall {metrics['recall']} is below --min-recall {min_recall}", err=True)
        sys.exit(EXIT_CHECK_FAILED)


# `chartforge deid run` (the Prefect flow) lives in deid/run_cli.py.
from deid.run_cli import run as _run_flow_command  # noqa: E402

deid.add_command(_run_flow_command)
