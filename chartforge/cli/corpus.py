"""``chartforge corpus``: build, list, show, verify, diff, eval and baseline dataset versions.

Exit codes: 0 ok; 1 a check failed (a batch has not passed the residual-PHI gate, E301;
verify found a change); 2 usage or configuration error; 3 input error (a missing or
malformed batch, run, version or PRED file).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from chartforge.errors import ChartforgeError
from corpus.display import console, print_manifest, print_report

from chartforge.cli.common import EXIT_CHECK as EXIT_CHECK_FAILED
from chartforge.console import line, make_console
from chartforge.cli.common import EXIT_INPUT, Group, fail



def _fail(exc: ChartforgeError):
    fail(exc)  # the catalogue's exit class (chartforge/errors.py)


@contextlib.contextmanager
def _errors():
    try:
        yield
    except ChartforgeError as exc:
        _fail(exc)


@contextlib.contextmanager
def _progress(label: str, total: int | None = None):
    columns = [SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn()]
    with Progress(*columns, console=make_console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)


def _config():
    """The configuration this command runs with (`chartforge --config`), passed down to corpus."""
    from chartforge.config import get_config

    return get_config()


def _root(datasets_dir: Path | None) -> Path:
    from corpus.store import datasets_dir as configured

    return datasets_dir or configured(_config())


_datasets_option = click.option("--datasets-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                                help="Datasets directory (default: config paths.datasets_dir).")


@click.group(cls=Group)
def corpus():
    """Versioned fine-tuning corpus: build, inspect, verify and evaluate against it."""


@corpus.command()
@click.option("--name", required=True, help="Dataset name (letters, digits, '.', '_', '-').")
@click.option("--deid", "deid", multiple=True, help="De-identified batch directory or id (repeatable); must have passed the gate.")
@click.option("--synth", "synth", multiple=True, help="Synthetic run directory or id (repeatable).")
@click.option("--flow/--no-flow", default=False, show_default=True, help="Run as the Prefect flow 'corpus'.")
@click.option("--probe/--no-probe", default=None,
              help="Run the corpus utility probe on the new version (default: [corpus.probe] at_build).")
@_datasets_option
def build(name, deid, synth, flow, probe, datasets_dir):
    """Merge gated de-ID batches and synthetic runs into datasets/NAME/VERSION/."""
    if not deid and not synth:
        raise click.UsageError("give at least one --deid batch or --synth run")
    root = _root(datasets_dir)
    with _errors():
        if flow:
            from flows.corpus import corpus_flow

            summary = corpus_flow(name=name, deid=list(deid), synth=list(synth), datasets_dir=str(root), probe=probe)
            path, version, created = Path(summary["path"]), summary["version"], summary["created"]
        else:
            from corpus.build import build_corpus

            with _progress("building records") as tick:
                result = build_corpus(name, list(deid), list(synth), config=_config(), root=root, progress=tick,
                                      probe=probe)
            path, version, created = result.path, result.version, result.created
    from corpus.store import load_manifest

    print_manifest(load_manifest(path), path)
    state = "built" if created else "already existed (same inputs and config): nothing written"
    console.print(line((f"{name}/{version}", "bold"), f" {state}"))


@corpus.command(name="list")
@_datasets_option
def list_(datasets_dir):
    """List published dataset versions."""
    from corpus.store import all_versions, load_manifest

    table = Table(title=f"datasets in {_root(datasets_dir)}")
    for column in ("name", "version", "built", "train", "validation", "test", "deid", "synth"):
        table.add_column(column, no_wrap=column in ("name", "version", "built"))
    for path in all_versions(_root(datasets_dir)):
        m = load_manifest(path)
        per_split, per_source = m["counts"]["per_split"], m["counts"]["per_source"]
        table.add_row(m["name"], m["version"], m["built_at"], *(str(per_split[s]["total"]) for s in
                      ("train", "validation", "test")), str(per_source["deid"]), str(per_source["synth"]))
    console.print(table)


@corpus.command()
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="Print the whole manifest as JSON.")
@_datasets_option
def show(ref, as_json, datasets_dir):
    """Show one version's manifest (REF: NAME, NAME/VERSION or a version directory)."""
    from corpus.store import load_manifest, resolve_version

    with _errors():
        path = resolve_version(ref, _root(datasets_dir))
    manifest = load_manifest(path)
    if as_json:
        click.echo(json.dumps(manifest, indent=2, sort_keys=True))
    else:
        print_manifest(manifest, path)


@corpus.command()
@click.argument("ref")
@_datasets_option
def verify(ref, datasets_dir):
    """Re-hash every file of a version; exit 1 on any change."""
    from corpus.store import resolve_version
    from corpus.verify import verify_version

    with _errors():
        path = resolve_version(ref, _root(datasets_dir))
    problems = verify_version(path)
    for problem in problems:
        click.echo(f"FAIL {path.name}: {problem}", err=True)
    if problems:
        raise SystemExit(EXIT_CHECK_FAILED)
    console.print(line(("OK", "green"), f" {path}: every file matches the manifest"))


@corpus.command()
@click.argument("old")
@click.argument("new")
@click.option("--json", "as_json", is_flag=True, help="Print the difference as JSON.")
@_datasets_option
def diff(old, new, as_json, datasets_dir):
    """Compare two versions: counts, added/removed/relabelled records, config."""
    from corpus.diff import diff_versions
    from corpus.store import resolve_version

    with _errors():
        result = diff_versions(resolve_version(old, _root(datasets_dir)), resolve_version(new, _root(datasets_dir)))
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    table = Table(title=f"{result['old']} -> {result['new']}")
    for column in ("count", "old", "new", "delta"):
        table.add_column(column)
    for key, row in result["counts"].items():
        if row["delta"] or key.endswith("total"):
            table.add_row(key, str(row["old"]), str(row["new"]), f"{row['delta']:+d}")
    console.print(table)
    for key in ("added", "removed", "moved_split", "relabelled"):
        shown = ", ".join(result[key][:5]) + (" …" if len(result[key]) > 5 else "")
        console.print(f"{key}: {len(result[key])} {shown}")
    for key, change in result["config"].items():
        console.print(f"config {key}: {change['old']} -> {change['new']}")


@corpus.command(name="eval")
@click.option("--version", "ref", required=True, help="NAME, NAME/VERSION or a version directory.")
@click.option("--pred", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="PRED.jsonl: one {\"id\", \"output\"} per record (see corpus/README.md).")
@click.option("--split", type=click.Choice(["train", "validation", "test"]), default="test", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the JSON report instead of the table.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the JSON report to this file.")
@_datasets_option
def eval_(ref, pred, split, as_json, report, datasets_dir):
    """Score predictions against a split: ICD F1 (3/4-char/exact), evidence, CPT, NCCI."""
    from chartforge.atomic import write_json
    from corpus.codes import get_lookup
    from corpus.evaluation import evaluate_version
    from corpus.store import resolve_version

    with _errors():
        result = evaluate_version(resolve_version(ref, _root(datasets_dir)), pred, split,
                                  lookup=get_lookup(_config().settings.codebooks))
    if report:
        write_json(report, result)
    if as_json:
        click.echo(json.dumps(result, indent=2, sort_keys=True))
    else:
        print_report(result)


@corpus.command()
@click.option("--version", "ref", required=True, help="NAME, NAME/VERSION or a version directory.")
@click.option("--real", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Real coded notes to score on, JSONL {id, text, codes_dx} (default: [corpus.probe] real, "
                   "CodiEsp dev).")
@click.option("--real-train", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Real coded notes the reference probe trains on (default: [corpus.probe] real_train, "
                   "CodiEsp train); without it no ratio is computed.")
@click.option("--split", type=click.Choice(["train", "validation", "test"]), default="train", show_default=True,
              help="The version's split the probe trains on.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON report instead of the table.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the JSON report (with both probes' label lists) to this file.")
@_datasets_option
def probe(ref, real, real_train, split, as_json, report, datasets_dir):
    """Corpus utility: a small coder trained on the version, scored on real coded notes, beside
    the same coder trained on real notes (train on synthetic, test on real)."""
    from chartforge.atomic import write_json
    from corpus.display import print_probe
    from corpus.probe import probe as run_probe
    from corpus.settings import probe_settings
    from corpus.store import resolve_version

    with _errors():
        settings = probe_settings(_config())
        path = resolve_version(ref, _root(datasets_dir))
        real = real or settings.real
        if real is None or not real.is_file():
            click.echo(f"error: no real coded notes to score on: {real or '[corpus.probe] real is empty'} not found "
                       "(give --real FILE)", err=True)
            raise SystemExit(EXIT_INPUT)
        with _progress("training the probes"):
            result = run_probe(path, real, real_train or settings.real_train, settings.model, settings.cache_dir, split)
    if report:
        write_json(report, result)
    if as_json:
        from corpus.probe import summary

        click.echo(json.dumps(summary(result), indent=2, sort_keys=True))
    else:
        print_probe(result)


@corpus.command()
@click.option("--version", "ref", required=True, help="NAME, NAME/VERSION or a version directory.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="PRED.jsonl to write.")
@click.option("--split", type=click.Choice(["train", "validation", "test"]), default="test", show_default=True)
@click.option("--labeller", "kind", type=click.Choice(["rules", "retrieval"]), default="rules", show_default=True,
              help="rules = the synthetic branch's labeller (term rules + retrieval; it labelled the synthetic "
                   "runs); retrieval = codes from code retrieval alone.")
@click.option("--retrieval/--no-retrieval", default=None,
              help="rules labeller: use FAISS code retrieval (default: config synth.label.retrieval); "
                   "off = term matching only.")
@_datasets_option
def baseline(ref, out, split, kind, retrieval, datasets_dir):
    """Predict a split with a baseline labeller, for `corpus eval`."""
    from chartforge.config import get_config
    from corpus.baseline import load_labeller, load_retrieval_only_labeller, run_baseline
    from corpus.settings import corpus_settings
    from corpus.store import resolve_version

    if retrieval is None:
        retrieval = bool(get_config().get("synth.label.retrieval", True))
    settings = corpus_settings(_config())
    with _errors():
        path = resolve_version(ref, _root(datasets_dir))
        if kind == "retrieval":
            labeller = load_retrieval_only_labeller(settings.baseline_min_dense, settings.baseline_max_codes,
                                                    _config())
        else:
            labeller = load_labeller(settings.baseline_top_k, retrieval, _config())
        with _progress(f"labelling {split}") as tick:
            count = run_baseline(path, split, labeller, out, progress=tick)
    console.print(f"wrote {count} predictions to {out}")
