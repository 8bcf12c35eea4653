"""``chartforge codebooks``: look up, validate, index, search and evaluate code sets."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

import click
from rich.table import Table

from chartforge.cli.common import EXIT_CHECK as EXIT_CHECK_FAILED
from chartforge.cli.common import EXIT_INPUT, EXIT_OK, EXIT_USAGE, Group
from chartforge.console import line, make_console, styled
from chartforge.contracts import files

console = make_console()


def _fail_input(exc) -> None:
    console.print(line(("error:", "red"), f" {exc}"))
    sys.exit(exc.exit_code)  # the catalogue's exit class (chartforge/errors.py)


def _config():
    """The configuration this command runs with (``chartforge --config``), handed down."""
    from chartforge.config import get_config

    return get_config()


def _section():
    return _config().settings.codebooks


def _icd():
    from codebooks.icd10cm import load_icd10cm
    from codebooks.paths import cache_dir

    return load_icd10cm(cache_dir(_section()))


def _procedures_and_edits():
    from codebooks.ncci import load_configured_edits
    from codebooks.procedures import load_configured_catalog
    from chartforge.errors import ChartforgeError

    try:
        return load_configured_catalog(_section()), load_configured_edits(_section())
    except ChartforgeError as exc:
        _fail_input(exc)


def _report_rejected(*sources) -> None:
    for source in sources:
        for rejected in source.rejected:
            console.print(line(("quarantined", "yellow"), f" {rejected.file} row {rejected.row}: {rejected.reason}"))


@click.group("codebooks", cls=Group)
def codebooks():
    """ICD-10-CM, procedure catalogs, NCCI edits and code retrieval."""


@codebooks.command()
def info():
    """Versions and sizes of the configured code sets and the retrieval index cache."""
    from codebooks.code_index import FaissSettings, index_key
    from codebooks.corpus import make_recipe
    from codebooks.encoder import model_id
    from codebooks.paths import cache_dir, index_terms_path, index_terms_status
    from codebooks.settings import RetrievalSettings

    icd = _icd()
    catalog, edits = _procedures_and_edits()
    rows = list(icd.rows())
    table = Table(title="chartforge code sets")
    for column in ("code set", "version", "size", "notes"):
        table.add_column(column)
    kinds = {k: sum(r["kind"] == k for r in rows) for k in ("chapter", "block", "category")}
    table.add_row("ICD-10-CM", icd.version, f"{len(icd.codes()):,} codes",
                  f"{len(icd.codes(billable_only=True)):,} billable; {kinds['category']:,} categories, "
                  f"{kinds['block']} blocks, {kinds['chapter']} chapters")
    table.add_row("procedures", catalog.version, f"{len(catalog):,} codes",
                  ("DEMO catalog (own wording)" if catalog.demo else "user-supplied")
                  + (f"; {len(catalog.rejected)} rows quarantined" if catalog.rejected else ""))
    table.add_row("NCCI PTP edits", edits.version, f"{len(edits):,} pairs",
                  f"{len(edits.rejected)} rows quarantined" if edits.rejected else "")
    settings = RetrievalSettings.from_config(_config())
    terms = index_terms_path(_section())
    recipe = make_recipe(terms)
    key = index_key(icd.version, model_id(), recipe, FaissSettings(settings.faiss, settings.hnsw_m))
    manifest = cache_dir(_section()) / f"index-{key}" / files.INDEX_MANIFEST
    status = "built" if manifest.is_file() else "not built (run: chartforge codebooks build-index)"
    table.add_row("retrieval index", key, status,
                  f"{model_id()}; recipe {recipe.hash()}; index terms {'used' if terms else 'absent'}")
    console.print(table)
    console.print(index_terms_status(_section()))
    _report_rejected(catalog, edits)


@codebooks.command()
@click.argument("codes", nargs=-1, required=True)
def lookup(codes):
    """Show everything the codebooks know about CODES (ICD-10-CM or CPT/HCPCS)."""
    icd = _icd()
    catalog, _ = _procedures_and_edits()
    missing = 0
    for raw in codes:
        entry = icd.get(raw) or catalog.get(raw)
        if entry is None:
            console.print(line((raw, "red"), f": not in ICD-10-CM {icd.version} nor in {catalog.version}"))
            missing += 1
            continue
        table = Table(title=f"{entry.code} — {entry.description}", show_header=False)
        table.add_column("field", style="bold")
        table.add_column("value")
        if entry.kind == "procedure":
            table.add_row("system", "procedure catalog" + (" (DEMO)" if catalog.demo else ""))
            table.add_row("short", entry.short_description)
        else:
            table.add_row("kind", entry.kind)
            table.add_row("billable", "yes" if entry.billable else "no (a more specific code exists)" if entry.children else "no")
            table.add_row("hierarchy", " > ".join(reversed([e.code for e in icd.lineage(entry.code)])))
            if entry.children:
                table.add_row("children", ", ".join(entry.children[:20]) + (" …" if len(entry.children) > 20 else ""))
            for label, values in (("inclusion terms", entry.inclusion_terms), ("includes", entry.includes),
                                  ("excludes1", entry.excludes1), ("excludes2", entry.excludes2),
                                  ("code first", entry.code_first), ("use additional", entry.use_additional),
                                  ("code also", entry.code_also)):
                if values:
                    table.add_row(label, "\n".join(values))
            if entry.seventh_characters:
                table.add_row("7th characters", "\n".join(f"{k}: {v}" for k, v in entry.seventh_characters.items()))
        console.print(table)
    sys.exit(EXIT_CHECK_FAILED if missing else EXIT_OK)


@codebooks.command()
@click.argument("codes", nargs=-1)
@click.option("--file", "code_file", type=click.Path(exists=True, dir_okay=False), help="One code per line.")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Date of service for NCCI edits (default today).")
@click.option("--modifier", "modifiers", multiple=True, help="CODE:MOD, e.g. 45378:59 (repeatable).")
def validate(codes, code_file, on, modifiers):
    """Check codes: valid, billable, Excludes1 conflicts, NCCI bundling. Exit 1 on any problem."""
    from codebooks.procedures import PROCEDURE_CODE

    codes = list(codes)
    if code_file:
        codes += [line.strip() for line in Path(code_file).read_text(encoding="utf-8").splitlines() if line.strip()]
    if not codes:
        raise click.UsageError("give codes as arguments or with --file")
    icd = _icd()
    catalog, edits = _procedures_and_edits()
    table = Table(title="code validation")
    for column in ("code", "system", "status", "detail"):
        table.add_column(column)
    problems, icd_codes, procedure_codes = 0, [], []
    for raw in codes:
        entry = icd.get(raw)
        if entry is not None and entry.kind not in ("chapter", "block"):
            icd_codes.append(entry.code)
            ok = entry.billable
            detail = entry.description if ok else f"not billable: choose one of {', '.join(icd.descendants(entry.code, True)[:5])}…"
            table.add_row(entry.code, "ICD-10-CM", styled("billable", "green") if ok else styled("not billable", "yellow"), detail)
            problems += not ok
        elif catalog.get(raw) is not None:
            procedure_codes.append(catalog.get(raw).code)
            table.add_row(catalog.get(raw).code, "procedure", styled("valid", "green"), catalog.get(raw).description)
        else:
            kind = "procedure" if PROCEDURE_CODE.match(raw.strip().upper()) else "ICD-10-CM"
            table.add_row(raw, kind, styled("invalid", "red"), "not in the configured code sets")
            problems += 1
    console.print(table)
    for i, first in enumerate(icd_codes):
        for second in icd_codes[i + 1:]:
            note = icd.excludes1_conflict(first, second)
            if note:
                console.print(line(("Excludes1", "red"), f" {first} + {second}: {note}"))
                problems += 1
    mods: dict[str, list[str]] = {}
    for item in modifiers:
        code, _, mod = item.partition(":")
        mods.setdefault(code.strip().upper(), []).append(mod.strip())
    for finding in edits.check(procedure_codes, on=on.date() if on else dt.date.today(), modifiers=mods):
        state = styled("unbundled by modifier", "green") if finding.bypassed else styled("bundled", "red")
        console.print(line("NCCI ", state, f": {finding.column2} with {finding.column1} "
                           f"(modifier indicator {finding.modifier_indicator}) {finding.rationale}"))
        problems += finding.bundled
    sys.exit(EXIT_CHECK_FAILED if problems else EXIT_OK)


def _retriever(rebuild: bool = False):
    from codebooks.retrieval import Retriever

    return Retriever.load(progress=True, rebuild=rebuild, section=_section())


@codebooks.command("build-index")
@click.option("--rebuild", is_flag=True, help="Ignore the cache and build again.")
def build_index(rebuild):
    """Build (or load from cache) the FAISS + BM25 retrieval index."""
    from codebooks.code_index import index_size_bytes

    started = time.perf_counter()
    retriever = _retriever(rebuild)
    seconds = time.perf_counter() - started
    manifest = retriever.index.manifest
    table = Table(title="retrieval index", show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    for key in ("key", "codebook_version", "model", "recipe_hash", "faiss_class", "texts", "codes"):
        table.add_row(key, str(manifest[key]))
    table.add_row("sources", ", ".join(f"{k}={v:,}" for k, v in manifest["sources"].items()))
    table.add_row("index terms used", str(manifest["recipe"]["index_terms_used"]))
    table.add_row("build seconds (when built)", str(manifest["build_seconds"]))
    table.add_row("this run", f"{seconds:.1f} s")
    table.add_row("size on disk", f"{index_size_bytes(retriever.index) / 1e6:.1f} MB")
    table.add_row("directory", str(retriever.index.directory))
    console.print(table)


@codebooks.command()
@click.argument("text")
@click.option("-k", "k", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--category", is_flag=True, help="Collapse candidates to 3-character categories.")
def search(text, k, category):
    """Top-k ICD-10-CM codes for TEXT (hybrid dense + BM25, hierarchy re-ranked)."""
    retriever = _retriever()
    [candidates] = retriever.retrieve([text], k=k, collapse="category" if category else "code")
    table = Table(title=f"top {k} codes")
    for column in ("#", "code", "billable", "score", "dense", "lexical", "description"):
        table.add_column(column)
    for rank, c in enumerate(candidates, start=1):
        table.add_row(str(rank), c.code, "yes" if retriever.codebook.is_billable(c.code) else "no",
                      f"{c.score:.3f}", f"{c.dense:.3f}", f"{c.lexical:.3f}", c.description)
    console.print(table)


def _scores_table(title: str, results) -> Table:
    table = Table(title=title)
    table.add_column("system")
    for key in ("exact@1", "exact@5", "exact@10", "category@1", "category@5", "category@10"):
        table.add_column(key.replace("exact", "R").replace("category", "cat R"), justify="right")
    table.add_column("n", justify="right")
    for scores in results:
        table.add_row(scores.name, *[f"{scores.recall(key):.3f}" for key in
                                     ("exact@1", "exact@5", "exact@10", "category@1", "category@5", "category@10")],
                      f"{scores.n:,}")
    return table


@codebooks.command("eval")
@click.option("--holdout", default=0.2, show_default=True, type=click.FloatRange(0.05, 0.5),
              help="Fraction of index terms held out of the corpus and scored.")
@click.option("--limit", type=int, default=None, help="Score at most this many held-out queries (quick runs).")
@click.option("--codiesp/--no-codiesp", default=True, show_default=True, help="Also run CodiEsp dev line-level recall.")
@click.option("--codiesp-limit", type=int, default=None, help="At most this many CodiEsp notes.")
@click.option("--output", type=click.Path(dir_okay=False), default=None, help="Write the figures as JSON.")
@click.option("--encoder", type=click.Choice(["static", "contextual"]), default=None,
              help="Override [codebooks.retrieval] encoder for the hybrid.")
@click.option("--baseline/--no-baseline", default=True, show_default=True,
              help="Also score the dense-only MiniLM baseline (needs contextual vectors of all titles).")
def eval_command(holdout, limit, codiesp, codiesp_limit, output, encoder, baseline):
    """Recall@1/5/10 on held-out ICD-10-CM index terms (and CodiEsp), baseline beside hybrid."""
    from chartforge.atomic import write_json
    from codebooks.evaluation import GOALS, fold_retriever, run_codiesp_eval, run_index_eval
    from codebooks.paths import cache_dir, codiesp_dev_path, index_terms_path, index_terms_status
    from codebooks.settings import RetrievalSettings

    section = _section()
    terms = index_terms_path(section)
    if terms is None:
        console.print(line(("error:", "red"), f" {index_terms_status(section)}; the held-out evaluation needs them"))
        sys.exit(EXIT_USAGE)
    console.print(index_terms_status(section))
    icd, cache = _icd(), cache_dir(section)
    # Index targets are printed as the index prints them (11% are non-billable subcategories),
    # so this task ranks a retrieved code above its default billable child.
    settings = RetrievalSettings.from_config(_config(), encoder=encoder, prefer_billable=False)
    started = time.perf_counter()
    results = run_index_eval(icd, terms, cache, settings, fraction=holdout, limit=limit, baseline=baseline)
    console.print(_scores_table(f"ICD-10-CM index terms, held-out {holdout:.0%} of {terms.name} "
                                f"(corpus = other {1 - holdout:.0%} + Tabular List; FAISS {settings.faiss})", results))
    report = {"index_terms": [r.as_dict() for r in results], "holdout": holdout}
    if codiesp and not codiesp_dev_path(section):
        console.print("CodiEsp dev: not found ([codebooks] codiesp_dev, evaluation data); its line-level recall is skipped")
    if codiesp and codiesp_dev_path(section):
        from codebooks.retrieval import Retriever

        from codebooks.encoder import ContextualEncoder

        hybrid = Retriever.load(settings=RetrievalSettings.from_config(_config(), encoder=encoder), progress=True,
                                section=section)
        base = fold_retriever(icd, None, cache, settings, 0.0, sources=("description",),
                              encoder=ContextualEncoder()) if baseline else None
        cod = run_codiesp_eval(hybrid, codiesp_dev_path(section), limit=codiesp_limit, baseline=base)
        console.print(_scores_table("CodiEsp dev: pooled recall of gold dx codes in the top-k of the note's lines", cod))
        report["codiesp"] = [r.as_dict() for r in cod]
    final = results[-1]
    missed = [f"{key} {final.recall(key):.3f} < {goal}" for key, goal in GOALS.items() if final.recall(key) < goal]
    report["goals_missed"] = missed
    console.print(f"evaluated in {time.perf_counter() - started:.0f} s")
    if output:
        write_json(output, report)
    if missed:
        console.print(line(("goals missed:", "yellow"), " " + "; ".join(missed)))
        sys.exit(EXIT_CHECK_FAILED)
    console.print(line(("goals met", "green"), ": " + ", ".join(f"{k} ≥ {v}" for k, v in GOALS.items())))


@codebooks.command("import-index")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--layout", type=click.Choice(["auto", "xml", "csv"]), default="auto", show_default=True,
              help="CDC XML (icd10cm-index-YYYY.xml) or the flattened CSV (Term, Level, Code, See).")
@click.option("--output", type=click.Path(dir_okay=False), default=".chartforge/icd10cm_index.jsonl.gz",
              show_default=True, help="Index-terms JSONL to write (.gz = compressed).")
def import_index(file, layout, output):
    """Read the official ICD-10-CM Index to Diseases (FILE) into index terms for retrieval."""
    from chartforge.errors import ChartforgeError
    from codebooks.index_import import import_index as read_index, write_terms

    source, target = Path(file), Path(output).resolve()
    try:
        result = read_index(source, _icd(), None if layout == "auto" else layout)
    except ChartforgeError as exc:
        _fail_input(exc)
    for row, reason in result.quarantined[:20]:
        console.print(line(("quarantined", "yellow"), f" {source} row {row}: {reason}"))
    if len(result.quarantined) > 20:
        console.print(styled(f"... {len(result.quarantined) - 20} more quarantined rows", "yellow"))
    table = Table(title=f"ICD-10-CM index import: {source.name}")
    table.add_column("rows")
    table.add_column("count", justify="right")
    for key, value in result.counts().items():
        table.add_row(key.replace("_", " "), f"{value:,}")
    table.add_row("ambiguous queries", f"{result.ambiguous_queries:,}")
    console.print(table)
    if not result.terms:
        console.print(line(("error:", "red"), f" {source}: no index entry with a valid code"))
        sys.exit(EXIT_INPUT)
    write_terms(target, result.terms)
    console.print(f"wrote {len(result.terms):,} index terms to {target}")
    console.print(f'use them: [codebooks] index_terms = "{target}" (or CHARTFORGE__CODEBOOKS__INDEX_TERMS={target}); '
                  "`chartforge codebooks eval` then holds out 20% of this file instead of the packaged dev split")


def _register_cache_group() -> None:
    from chartforge.cli.codebooks_cache import cache

    codebooks.add_command(cache)


_register_cache_group()
