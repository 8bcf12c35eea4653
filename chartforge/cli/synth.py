"""``chartforge synth``: run, eval, transfer, show."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from chartforge.console import line as text_line
from chartforge.console import make_console
from chartforge.errors import ChartforgeError
from synth.eval_display import table as _table

from chartforge.cli.common import EXIT_CHECK as EXIT_CHECK_FAILED
from chartforge.cli.common import EXIT_INPUT, EXIT_OK, Group, fail

console = make_console(stderr=False)
_fail = fail  # the catalogue's exit class (chartforge/cli/common.py)


def _progress(total: int, label: str):
    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit="note", file=sys.stderr, disable=None)


@click.group("synth", cls=Group)
def synth():
    """Synthetic notes from seed codes, labelled through code retrieval with evidence lines."""


@synth.command("run")
@click.option("--notes", type=click.IntRange(min=1), default=None, help="Notes to generate (default [synth] notes).")
@click.option("--seed", type=int, default=None, help="Random seed (default [synth] seed).")
@click.option("--seed-list", type=click.Path(dir_okay=False), default=None, help="File of seed ICD-10-CM codes, one per line.")
@click.option("--batch", "batches", multiple=True, type=click.Path(file_okay=False),
              help="De-identified batch directory whose codes feed the co-occurrence profiles (repeatable).")
@click.option("--out", "runs_dir", type=click.Path(file_okay=False), default=None, help="Runs directory (default [synth] runs_dir).")
@click.option("--retrieval/--no-retrieval", default=None, help="Retrieve FAISS candidates per line (default [synth.label] retrieval).")
@click.option("--llm/--no-llm", "use_llm", default=None, help="Generate with the [synth.llm] endpoint instead of templates.")
@click.option("--rewrite/--no-rewrite", default=None,
              help="Rewrite each template note in a clinician's voice through the [synth.llm] endpoint, then "
                   "label it again (default [synth.llm] rewrite; off).")
@click.option("--prefect", is_flag=True, help="Run as the Prefect flow `synth` (else in-process).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes generating and labelling chunks (template runs without retrieval; default 1). "
                   "The run's files are the same with any number.")
def run_cmd(notes, seed, seed_list, batches, runs_dir, retrieval, use_llm, rewrite, prefect, workers):
    """Generate, label, augment and dedupe a synthetic run; prints its directory."""
    from chartforge.config import get_config
    from synth.settings import SynthSettings

    overrides = {"notes": notes, "seed": seed, "seed_list": seed_list and str(Path(seed_list).resolve()),
                 "batches": [str(Path(b).resolve()) for b in batches] or None, "runs_dir": runs_dir,
                 "retrieval": retrieval, "workers": workers}
    try:
        settings = SynthSettings.from_config(get_config(), **overrides)
        llm = rewriter = None
        if use_llm if use_llm is not None else settings.llm.get("enabled", False):
            from synth.generate.llm import LLMBackend

            llm = LLMBackend.from_config(settings.llm)
            settings.llm = {**settings.llm, "enabled": True}
        if rewrite if rewrite is not None else settings.llm.get("rewrite", False):
            from synth.generate.llm import LLMBackend
            from synth.generate.rewrite import Rewriter

            rewriter = Rewriter(LLMBackend.from_config(settings.llm))
            settings.llm = {**settings.llm, "rewrite": True}  # part of the run id
        if prefect:
            if llm or rewriter:
                raise click.UsageError("--prefect with --llm or --rewrite is not supported; run in-process")
            from flows.synth import synth_flow

            result = synth_flow({k: v for k, v in overrides.items() if v is not None})
            out, counts = Path(result["run_dir"]), result["counts"]
        else:
            from synth import pipeline

            bar = _progress(2 * settings.notes, "generate+label")
            out, manifest = pipeline.run(settings, progress=bar.update, llm=llm, rewriter=rewriter)
            bar.close()
            counts = manifest["counts"]
    except ChartforgeError as exc:
        _fail(exc)
    rows = [(k, v) for k, v in counts.items() if k != "discard_reasons"]
    rows += [(f"  discarded: {reason}", n) for reason, n in counts.get("discard_reasons", {}).items()]
    console.print(_table("synthetic run", rows, ("stage", "notes")))
    click.echo(str(out))


@synth.command("eval")
@click.argument("run", type=click.Path(exists=True, file_okay=False))
@click.option("--json-out", type=click.Path(dir_okay=False), default=None, help="Also write the report here.")
@click.option("--probe/--no-probe", default=True, show_default=True,
              help="Train the corpus utility probe on the run's notes and score it on real coded notes "
                   "([corpus.probe]); said in one line and skipped when they are missing.")
def eval_cmd(run, json_out, probe):
    """Label fidelity, realism, style beside real notes, utility probe of RUN; exit 1 if a goal is missed."""
    from chartforge.config import get_config
    from corpus.synth_probe import utility_probe
    from synth import eval_display, evaluate, metrics, pipeline, plots, style
    from synth.settings import SynthSettings, repo_path

    try:
        out = pipeline.load_run(run)
        settings = pipeline.manifest_of(out)["settings"]
        # the term index the run was labelled with: its index-forms switch, this configuration's file
        index_terms = SynthSettings.from_config(get_config(), index_term_forms=settings["index_term_forms"]).index_terms_file()
        report = evaluate.evaluate(out, settings["dedupe_threshold"], settings["dedupe_shingle"], settings["dedupe_num_perm"],
                                   index_terms=index_terms)
        section = get_config()["synth"]["eval"]
        reference_path = repo_path(section["reference_notes"])
        run_texts = [g["text"] for g in pipeline.read_generated(out)]  # read once: every comparison and eval.png
        reference_texts = evaluate.reference_texts(reference_path, tokens=sum(len(metrics.words(t)) for t in run_texts))
        reference = evaluate.reference_distinct_2(reference_path, sum(report["note_types"].values()))
        if reference:
            report["distinct_2_reference"] = reference
            report["distinct_2_equal_tokens"] = evaluate.equal_token_distinct_2(
                run_texts, reference_path, int(section.get("reference_tokens", 200_000)))
        report["beside_reference"] = style.beside_reference(run_texts, reference_texts)
        report["probe"] = utility_probe(out, get_config()) if probe else None
    except ChartforgeError as exc:
        _fail(exc)
    evaluate.write_report(out, report)
    if json_out:
        from chartforge.atomic import write_json

        write_json(json_out, report)
    goals = evaluate.goals(report, section)
    eval_display.print_report(console, report, goals, reference_path.name if reference_path else None)
    picture = plots.write_eval_plot(out / "eval.png", run_texts, reference_texts,
                                    reference_path.name if reference_path else "none")
    console.print(f"distinct-2 curves and note lengths: {picture}")
    sys.exit(EXIT_CHECK_FAILED if any(ok is False for *_, ok in goals) else EXIT_OK)


@synth.command("transfer")
@click.option("--data", type=click.Path(dir_okay=False), default=None, help="CodiEsp JSONL (default [synth.eval] codiesp_dev).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first N documents.")
@click.option("--k", "baseline_k", type=click.IntRange(min=1), default=None, help="Codes per document for the baseline.")
@click.option("--retrieval/--no-retrieval", default=True, help="Use the FAISS retriever (needed for the baseline).")
@click.option("--json-out", type=click.Path(dir_okay=False), default=None, help="Write the report here.")
def transfer_cmd(data, limit, baseline_k, retrieval, json_out):
    """The labeller on real coded notes (CodiEsp dev) beside a retrieval-only top-k baseline."""
    from chartforge.config import get_config
    from synth import pipeline, terms, transfer
    from synth.settings import SynthSettings, repo_path

    section = get_config()["synth"]["eval"]
    try:
        path = Path(data) if data else repo_path(section["codiesp_dev"])
        docs = transfer.read_codiesp(path, limit)
        # real text: the learned coder (fitted on real coded notes) decides, with retrieval
        settings = SynthSettings.from_config(get_config(), retrieval=retrieval, learned_coder=retrieval)
        labeller = pipeline.make_labeller(settings, terms.full_index(settings.index_terms_file()),
                                          pipeline.load_catalog(settings.codebooks),
                                          discard=False)
    except ChartforgeError as exc:
        _fail(exc)
    bar = _progress(len(docs), "transfer")
    report = transfer.transfer(docs, labeller, baseline_k or section["baseline_k"], progress=bar.update)
    bar.close()
    rows = []
    for name in ("labeller", "baseline"):
        part = report[name]
        if part:
            for level in ("exact", "category"):
                rows.append((name if name == "labeller" else f"retrieval top-{part['k']}", level,
                             part[level]["precision"], part[level]["recall"], part[level]["f1"]))
    console.print(_table(f"CodiEsp transfer ({report['documents']} documents, {report['lines']} lines)", rows,
                         ("system", "level", "micro P", "micro R", "micro F1")))
    if json_out:
        from chartforge.atomic import write_json

        write_json(json_out, report)


@synth.command("train-coder")
@click.option("--data", type=click.Path(dir_okay=False), default=None,
              help="Coded notes, CodiEsp JSONL ({id, text, codes_dx}); default [synth] codiesp_train.")
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True, help="Cross-validation folds (by note).")
@click.option("--out", "out", type=click.Path(dir_okay=False), default=None,
              help="Model file (default: the one the package ships, synth/label/data/coder_model.pkl).")
@click.option("--json-out", type=click.Path(dir_okay=False), default=None, help="Also write the report here.")
def train_coder_cmd(data, folds, out, json_out):
    """Fit the labeller's learned scorer on real coded notes; prints cross-validated P/R/F1."""
    from chartforge.config import get_config
    from codebooks.paths import cache_dir
    from synth import pipeline, terms, transfer
    from synth.label import coder_training
    from synth.label.scorer import MODEL_PATH
    from synth.settings import SynthSettings, repo_path

    try:
        path = Path(data) if data else repo_path(get_config()["synth"]["codiesp_train"])
        docs = transfer.read_codiesp(path)
        settings = SynthSettings.from_config(get_config(), retrieval=True, learned_coder=False)
        labeller = pipeline.make_labeller(settings, terms.full_index(settings.index_terms_file()),
                                          pipeline.load_catalog(settings.codebooks),
                                          discard=False)
    except ChartforgeError as exc:
        _fail(exc)
    fingerprint = pipeline.retrieval_fingerprint(settings, labeller.retriever)
    bar = _progress(len(docs), "proposals")
    notes = coder_training.cached_notes(docs, labeller, cache_dir(settings.codebooks), json.dumps(fingerprint, sort_keys=True),
                                        progress=bar.update)
    bar.close()
    scorer, report = coder_training.train(notes, folds, source=f"{path.name} ({len(docs)} notes)", retrieval=fingerprint)
    target = Path(out) if out else MODEL_PATH
    scorer.save(target)
    coder_training.write_card(target.with_name("CODER_MODEL.md") if target == MODEL_PATH
                              else target.with_suffix(".md"), scorer.meta)
    cv = report["cross_validated"]
    rows = [(level, cv[level]["precision"], cv[level]["recall"], cv[level]["f1"]) for level in ("exact", "category")]
    console.print(_table(f"{folds}-fold cross-validated labeller on {path.name} ({report['notes']} notes, "
                         f"threshold {report['threshold']})", rows, ("level", "micro P", "micro R", "micro F1")))
    console.print(f"gold codes proposed (recall ceiling): {report['gold_proposed']:,} of {report['gold_codes']:,}; "
                  f"examples {report['examples']:,} ({report['positives']:,} positive)")
    console.print(f"model written to {target}")
    if json_out:
        from chartforge.atomic import write_json

        write_json(json_out, report)


@synth.command("show")
@click.argument("run", type=click.Path(exists=True, file_okay=False))
@click.option("--note", "note", default=None, help="A note id or 0-based position: print its numbered lines and codes.")
def show_cmd(run, note):
    """Summarize RUN (counts, settings); with --note, one labelled note with its evidence."""
    from synth import pipeline

    try:
        out = pipeline.load_run(run)
        manifest = pipeline.manifest_of(out)
    except ChartforgeError as exc:
        _fail(exc)
    if note is None:
        counts = manifest["counts"]
        console.print(_table(f"run {manifest['run_id']}", [(k, json.dumps(v)) for k, v in counts.items()], ("stage", "notes")))
        s = manifest["settings"]
        console.print(f"notes={s['notes']} seed={s['seed']} retrieval={s['retrieval']} augment={s['augment_fraction']} "
                      f"codebook={manifest['codebook']}")
        return
    labelled = pipeline.read_labelled(out)
    generated = {g["note_id"]: g for g in pipeline.read_generated(out)}
    row = next((r for r in labelled if r["note_id"] == note), None)
    if row is None and note.isdigit() and int(note) < len(labelled):
        row = labelled[int(note)]
    if row is None:
        click.echo(f"error: no note {note} in {out}", err=True)
        sys.exit(EXIT_INPUT)
    from chartforge.contracts.lines import evidence_number

    # Synthetic notes carry no PHI: printing one is how a steward inspects the generator. Lines
    # and evidence are numbered as a published record numbers them (from 1, contracts.lines), so
    # what this shows reads the same as the dataset built from the run.
    for i, line in enumerate(row["lines"]):
        console.print(text_line((f"{evidence_number(i):3d}", "dim"), f" {line}"))
    gen = generated.get(row["note_id"], {})
    console.print(_table("codes", [(c["code"], c["confidence"], [evidence_number(e) for e in c["evidence"]],
                                    c["description"][:60])
                                   for c in row["icd10cm"] + row["cpt"]], ("code", "confidence", "evidence", "description")))
    console.print(f"intended: {gen.get('intended_icd10cm')} traps: {[t['code'] + ':' + t['kind'] for t in gen.get('traps', [])]}")
    console.print(f"template: {gen.get('template_id')} discard: {row['discard']}")
