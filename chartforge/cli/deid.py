"""``chartforge deid``: PHI detection and its evaluation (other deid commands register here).

    chartforge deid detect --input notes.jsonl --output spans.jsonl [--workers N]
    chartforge deid eval --gold gold.jsonl --pred spans.jsonl [--label-map pii_synth] [--json OUT]
    chartforge deid eval --suite [--sets demo,mtsamples-dev,...] [--profile strict] [--contender NAME=module:Class]
    chartforge deid devsets --out DIR      (writes the dev sets as gold JSONL)
    chartforge deid train [--out DIR]      (trains the learned NER model, deid/learned/)

Output never contains note text; stderr messages name lines and fields only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from chartforge.cli.common import EXIT_CHECK as EXIT_CHECK_FAILED
from chartforge.cli.common import EXIT_INPUT, EXIT_OK, Group
from chartforge.console import make_console, styled


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
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
    from rich.table import Table

    from chartforge.config import get_config
    from deid.detect_run import run_detect, stderr_error
    from deid.settings import deid_settings, site_lexicon_file

    if not Path(input_path).is_file():
        click.echo(f"error: input file {input_path} does not exist", err=True)
        sys.exit(EXIT_INPUT)
    # the lexicon path resolved here and handed down: a spawned worker never reads its own config
    settings = {**deid_settings(get_config()), "site_lexicon": str(site_lexicon_file(get_config()))}
    workers = workers or settings["workers"]
    if workers < 1:
        raise click.UsageError("--workers must be at least 1")
    summary = run_detect(input_path, output_path, workers=workers, config=settings, batch_size=batch_size,
                         progress=_progress, on_error=stderr_error)
    console = make_console(stderr=True)
    table = Table(title="deid detect", show_header=True)
    table.add_column("label")
    table.add_column("spans", justify="right")
    for label, count in sorted(summary.per_label.items()):
        table.add_row(label, str(count))
    table.add_row(styled("total", "bold"), str(summary.spans))
    console.print(table)
    console.print(f"records {summary.records} = written {summary.records - summary.flagged} "
                  f"+ flagged {summary.flagged} -> {output_path}")


@deid.command("eval")
@click.option("--gold", "gold_path", type=click.Path(exists=True, dir_okay=False),
              help='Gold JSONL: {"id", "text", "spans": [{start, end, label}]} per line.')
@click.option("--pred", "pred_path", type=click.Path(exists=True, dir_okay=False),
              help="Predicted spans JSONL (the output of deid detect).")
@click.option("--label-map", default=None,
              help="Gold label map: a name in deid/label_maps (pii_synth, identity, strict) or a YAML file.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), default=None, help="Write the metrics as JSON.")
@click.option("--min-recall", type=float, default=None, help="Exit 1 when overall span recall is below this.")
@click.option("--suite", is_flag=True,
              help="Run every evaluation set (demo gold, pii_synth, MTSamples dev/test, nursing dev/test, CodiEsp) "
                   "through every contender (first pass, plain Presidio, --contender ...) and print one table.")
@click.option("--sets", default=",".join(("demo", "pii_synth", "mtsamples-dev", "nursing-dev", "codiesp")),
              show_default=True, help="Suite: comma list of sets (also mtsamples-test, nursing-test: report test splits last).")
@click.option("--profile", type=click.Choice(["safe_harbor", "strict"]), default="safe_harbor", show_default=True,
              help="Suite: safe_harbor (a year alone, an age under 90, a state are no PHI) or strict (they are).")
@click.option("--contender", "contenders", multiple=True, metavar="NAME=module:Class",
              help="Suite: another detector to score (any class with detect_batch), e.g. the learned NER model.")
@click.option("--presidio/--no-presidio", default=True, show_default=True, help="Suite: include plain Presidio.")
@click.option("--verify/--no-verify", default=True, show_default=True,
              help="Suite: run surrogates + the verification pass on the first contender's output.")
@click.option("--verifier", default="deid.verify:VerificationDetector", show_default=True, metavar="module:Class",
              help="Suite: the verification pass to run after the first contender (the learned model plugs in here too).")
@click.option("--sample", type=int, default=None, help="Suite: at most this many records per set (deterministic).")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              help="Suite: the development data (default ../shared/data beside the clone).")
def eval_command(gold_path, pred_path, label_map, json_out, min_recall, suite, sets, profile, contenders, presidio,
                 verify, verifier, sample, data_dir):
    """Score predictions: any-overlap span recall/precision (deid.pl style), strict span F1,
    token-level recall, recall per category and false flags per 1,000 words.

    With --suite: build the real-language dev sets and score the detectors on all of them
    (`make bench-deid` prints the same table). A set whose source data is missing is skipped
    with one line saying so.
    """

    from chartforge.atomic import write_json
    from chartforge.errors import ChartforgeError
    from deid.eval_report import metrics_table, per_label_table, suite_table, verification_table
    from deid.evaluate import evaluate_files

    if suite:
        from chartforge.cli.deid_suite import parse_contenders, run

        try:
            chosen = parse_contenders(contenders, presidio)
        except ValueError as exc:
            raise click.UsageError(str(exc))
        names = [n.strip() for n in sets.split(",") if n.strip()]
        from devsets.catalog import SETS

        unknown = [n for n in names if n not in SETS]
        if unknown:
            raise click.UsageError(f"unknown set(s) {', '.join(unknown)}; known: {', '.join(SETS)}")
        rows, skipped = run(names, chosen, profile, verify, sample, Path(data_dir) if data_dir else None,
                            echo=lambda m: click.echo(m, err=True), verifier=verifier)
        console = make_console(width=None if sys.stdout.isatty() else 160)
        console.print(suite_table(rows, profile))
        if verify:
            console.print(verification_table(rows))
        for name in chosen:
            console.print(per_label_table(rows, name))
        if json_out:
            write_json(json_out, {"profile": profile, "rows": rows, "skipped": skipped})
        return
    if not gold_path or not pred_path:
        raise click.UsageError("--gold and --pred are required (or use --suite)")
    metrics = evaluate_files(gold_path, pred_path, label_map)  # E208 usage, E254 input: cli.common.Group
    from chartforge.config import get_config
    from deid.settings import deid_settings

    metrics["profile"] = deid_settings(get_config())["profile"]  # what the detector counted as PHI
    make_console().print(metrics_table(metrics))
    click.echo(f"profile: {metrics['profile']} ([deid] profile; deid/README.md)")
    if json_out:
        write_json(json_out, metrics)
    if min_recall is not None and (metrics["recall"] or 0.0) < min_recall:
        click.echo(f"recall {metrics['recall']} is below --min-recall {min_recall}", err=True)
        sys.exit(EXIT_CHECK_FAILED)


@deid.command("devsets")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Directory for <set>.jsonl files.")
@click.option("--sets", default="mtsamples-dev,mtsamples-test,nursing-dev,nursing-test,codiesp", show_default=True,
              help="Comma list of sets to write (see deid eval --suite).")
@click.option("--nursing-seed", type=int, default=None, help="Generate the nursing set(s) with this seed instead.")
@click.option("--nursing-notes", type=int, default=600, show_default=True, help="Notes per nursing set.")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              help="The development data (default ../shared/data beside the clone).")
def devsets_command(out_dir, sets, nursing_seed, nursing_notes, data_dir):
    """Write the real-language dev sets as gold JSONL ({"id", "text", "spans"} per line), ready for
    `deid detect --input` and `deid eval --gold` (and for training the learned model: dev splits only).

    The files hold note text: keep them in the protected work area if the source is real PHI
    (MTSamples and CodiEsp are public; the nursing notes are generated)."""
    from chartforge.atomic import atomic_open
    from chartforge.errors import ChartforgeError
    from devsets import catalog

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    kwargs = {"nursing_notes": nursing_notes, "nursing_seed": nursing_seed}
    if data_dir:
        kwargs["data_dir"] = Path(data_dir)
    failed = False
    for name in [n.strip() for n in sets.split(",") if n.strip()]:
        if name not in catalog.SETS:
            raise click.UsageError(f"unknown set {name}; known: {', '.join(catalog.SETS)}")
        try:
            source = catalog.load(name, **kwargs)
        except ChartforgeError as exc:
            click.echo(f"skipped {name}: {exc}", err=True)
            failed = True
            continue
        with atomic_open(out / f"{name}.jsonl") as handle:
            for record in source.records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        spans = sum(len(r.get("spans", [])) for r in source.records)
        click.echo(f"{name}: {len(source.records)} notes, {spans} gold spans -> {out / (name + '.jsonl')}")
    sys.exit(EXIT_INPUT if failed else EXIT_OK)


# `chartforge deid run` (the Prefect flow) lives in chartforge/cli/deid_run.py.
from chartforge.cli.deid_run import run as _run_flow_command  # noqa: E402

deid.add_command(_run_flow_command)

# `chartforge deid train` (the learned NER model, deid/learned/) lives in chartforge/cli/deid_train.py.
from chartforge.cli.deid_train import train_command as _train_command  # noqa: E402

deid.add_command(_train_command)
