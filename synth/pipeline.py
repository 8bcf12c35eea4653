"""A synthetic run as plain functions (the Prefect flow and the CLI call these).

Stages and their artifacts under ``<runs_dir>/<run_id>/`` (contracts §5):

* ``seeds.json``            seed list, weights and the seed drawn for every note
* ``cooccurrence.json``     profile sources (curated + learned) and reachable-code count
* ``chunks/generated-NNNN.jsonl``  per note: draw, plan, template id or LLM prompt, raw note, intended labels
* ``chunks/labelled-NNNN.jsonl``   per note: lines, sections, candidates, mentions, selection, discard
* ``discards.jsonl``        notes whose labels could not be resolved, with the reason
* ``augmented.jsonl`` / ``augment_skipped.jsonl``  concatenated pairs / pairs refused and why
* ``duplicates.jsonl``      exact and MinHash near-duplicates removed
* ``notes.parquet``         the published notes; ``manifest.json`` counts, settings, hashes

Chunks are written atomically and skipped when present, so a killed run resumes without loss
or duplicates. Synthetic notes carry no PHI, but no stage logs note text anyway.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
from dataclasses import asdict
from pathlib import Path
from typing import Callable

from chartforge import __version__
from chartforge.atomic import sha256_file, write_json
from chartforge.errors import ChartforgeError
from chartforge.contracts import files as contract_files
from chartforge.contracts.files import MANIFEST as MANIFEST_FILE, NOTES as NOTES_FILE
from synth import augment as augmenting
from synth import dedupe as deduping
from synth import icd, terms
from synth import seeds as seeding
from synth.artifacts import read_jsonl, write_jsonl, write_notes_parquet
from synth.cooccurrence import CooccurrenceModel, build_model
from synth.generate import engine, notes as generating
from synth.label.labeller import Labeller
from synth.label.procedures import ProcedureMatcher
from synth.settings import SynthSettings, repo_path

Progress = Callable[[int], None]


def run_dir(settings: SynthSettings) -> Path:
    return Path(settings.runs_dir) / settings.run_id()


def note_rng(settings: SynthSettings, index: int, stage: str) -> random.Random:
    """One RNG per note and stage: any chunk regenerates identically on resume."""
    return random.Random(f"{settings.seed}:{stage}:{index}")


def load_catalog(section=None) -> dict[str, dict]:
    """The procedure catalog of ``section`` (``settings.codebooks``; None: the packaged defaults)."""
    from codebooks.procedures import load_configured_catalog

    return {e.code: {"long": e.description, "short": e.short_description}
            for e in load_configured_catalog(section)}


def read_frequency_table(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                counts[row["code"].strip().upper()] = int(row["count"])
            except (KeyError, ValueError, AttributeError):
                raise ChartforgeError.make("E501", file=path, row=row_number, value="(code,count expected)") from None
    return counts


def prepare(settings: SynthSettings, out: Path, index: terms.TermIndex) -> tuple[CooccurrenceModel, list[str]]:
    """Seeds and the co-occurrence model; writes seeds.json and cooccurrence.json."""
    seed_file = repo_path(settings.seed_list) or seeding.DEFAULT_SEEDS
    seed_codes = seeding.read_seed_list(seed_file)
    batches = [Path(b) / NOTES_FILE for b in settings.batches]
    for parquet in batches:
        if not parquet.is_file():
            raise ChartforgeError.make("E004", path=parquet)
    model = build_model(repo_path(settings.codiesp_train), batches)
    listed = len(seed_codes)
    seed_codes = seeding.with_coded_codes(seed_codes, model.counts, settings.coded_seed_min_documents,
                                          lambda c: icd.is_billable(c) and index.writable(c)
                                          and not icd.is_manifestation_only(c))
    table = repo_path(settings.frequency_table)
    counts = read_frequency_table(table) if table else dict(model.counts)
    weights = seeding.frequency_weights(seed_codes, counts, power=settings.seed_weight_power)
    drawn = seeding.sample_seeds(weights, settings.notes, random.Random(f"{settings.seed}:seeds"))
    reachable = model.reachable(seed_codes, index.writable)
    write_json(out / contract_files.SEEDS, {"seed_list": str(seed_file), "listed_seeds": listed,
                                    "coded_seeds_added": len(seed_codes) - listed, "seed_codes": seed_codes, "weights": weights,
                                    "weights_source": str(table) if table else "coded-data frequency (floor 1)",
                                    "drawn": drawn})
    write_json(out / contract_files.COOCCURRENCE, {"sources": ["curated: synth/data/profiles.yaml"] + model.sources,
                                           "profiles": [p.name for p in model.profiles],
                                           "learned_codes": len(model.counts),
                                           "reachable_codes": len(reachable)})
    return model, drawn


def note_ids(settings: SynthSettings, index: int, run_id: str | None = None) -> tuple[str, str]:
    """``run_id``: the settings' run id when the caller has it (it hashes synth/'s files: ~6 ms)."""
    run_id = run_id or settings.run_id()
    note_id = hashlib.sha256(f"{run_id}:{index}".encode()).hexdigest()[:16]
    return note_id, f"{run_id[:8]}-g{index // settings.group_size:05d}"


def generate_chunk(settings: SynthSettings, indices: range, drawn: list[str], model: CooccurrenceModel,
                   index: terms.TermIndex, catalog: dict, llm=None, rewriter=None) -> list[dict]:
    """``llm``: write each note with the LLM backend; ``rewriter``: write it from the templates,
    then have the LLM rewrite it in a clinician's voice (generate/rewrite.py)."""
    writer = engine.NoteWriter(index)
    run_id = settings.run_id()  # once per chunk, not per note
    out = []
    for i in indices:
        rng = note_rng(settings, i, "generate")
        plan = generating.plan_note(drawn[i], model, index, rng, catalog, settings.max_codes)
        note = llm.generate(plan, seed=settings.seed * 1_000_003 + i) if llm else generating.generate_note(plan, writer, rng)
        if rewriter is not None:
            note = rewriter.rewrite(note, plan, seed=settings.seed * 1_000_003 + i)
        note_id, group_id = note_ids(settings, i, run_id)
        out.append({"index": i, "note_id": note_id, "group_id": group_id, "seed": plan["seed"], "draw": plan["draw"],
                    "plan": {k: plan[k] for k in ("note_type", "setting", "age", "sex", "traps", "past", "procedure",
                                                  "repeat_unspecified", "stay_days", "style")}, **note})
    return out


# A note whose labeller codes are not the codes it was written to carry is never published
# with either set: the text may say what the labeller read (then the intended label is wrong)
# or the labeller may have misread it (then its label is wrong). Fidelity is measured on
# published notes; `synth eval` also reports the labeller's agreement before this discard.
MISMATCH = "labels differ from the intended codes"


def mismatch(generated: dict, result: dict) -> str | None:
    """Why a labelled note cannot be published with its labels, or None."""
    if result["discard"]:
        return result["discard"]
    if {c["code"] for c in result["icd10cm"]} != set(generated["intended_icd10cm"]) or \
            {c["code"] for c in result["cpt"]} != set(generated.get("intended_cpt", [])):
        return MISMATCH
    return None


def label_chunk(generated: list[dict], labeller: Labeller) -> list[dict]:
    results = labeller.label_many([g["text"] for g in generated])
    rows = [{"note_id": g["note_id"], "group_id": g["group_id"], **asdict(r)} for g, r in zip(generated, results)]
    for g, row in zip(generated, rows):
        row["discard"] = mismatch(g, row)
    return rows


def configured_retriever(settings: SynthSettings, progress: bool = False):
    """The retriever as ``[synth.label]`` configures it (encoder, FAISS kind, re-ranker). The
    corpus baseline uses this too, so its labeller is the synthetic branch's labeller."""
    from codebooks.retrieval import Retriever
    from codebooks.settings import RetrievalSettings

    overrides = {k: v for k, v in (("encoder", settings.encoder), ("faiss", settings.faiss)) if v}
    return Retriever.load(settings=RetrievalSettings.from_section(settings.codebooks.retrieval, **overrides),
                          progress=progress, learned=settings.learned_rerank, section=settings.codebooks)


def retrieval_fingerprint(settings: SynthSettings, retriever) -> dict:
    """What the learned scorer's features depend on: the retriever's index, encoder, re-ranker
    and the candidates kept per mention (recorded with the model, checked when it is used)."""
    return {"index": retriever.index.manifest.get("key") if retriever is not None else None,
            "encoder": retriever.settings.encoder if retriever is not None else None,
            "learned_rerank": retriever.reranker is not None if retriever is not None else None,
            "k": settings.k}


def make_labeller(settings: SynthSettings, index: terms.TermIndex, catalog: dict, retriever=None,
                  discard: bool = True) -> Labeller:
    """The labeller as configured. ``discard=False`` (real text) resolves a conflict by dropping
    the weaker code instead of discarding the note."""
    import logging

    from synth.label.scorer import Scorer

    if retriever is None and settings.retrieval:
        retriever = configured_retriever(settings)
    scorer = Scorer.load() if settings.learned_coder and retriever is not None else None
    say = logging.getLogger("chartforge.synth").warning
    if settings.learned_coder and retriever is not None and scorer is None:
        say("learned coder: no model in the package (chartforge synth train-coder); exact term matches only")
    if scorer is not None:
        wanted, have = scorer.meta.get("retrieval", {}), retrieval_fingerprint(settings, retriever)
        if wanted and wanted != have:
            say(f"learned coder: trained with retrieval {wanted}, running with {have}; retrain it "
                f"(chartforge synth train-coder) for its measured figures to hold")
    return Labeller(index, retriever=retriever, procedures=ProcedureMatcher(catalog, settings.procedure_min_score),
                    k=settings.k, min_score=settings.min_score, min_lexical=settings.min_lexical,
                    scorer=scorer, discard=discard)


def chunk_ranges(settings: SynthSettings) -> list[range]:
    size = settings.chunk_notes
    return [range(start, min(start + size, settings.notes)) for start in range(0, settings.notes, size)]


def run_chunks(settings: SynthSettings, out: Path, stage: str, make: Callable[[int, range], list[dict]],
               progress: Progress | None = None) -> list[Path]:
    """Write every missing chunk of a stage (resume: present chunks are complete by atomicity)."""
    paths = []
    for number, indices in enumerate(chunk_ranges(settings)):
        path = out / "chunks" / f"{stage}-{number:04d}.jsonl"
        if not path.is_file():
            write_jsonl(path, make(number, indices))
        if progress:
            progress(len(indices))
        paths.append(path)
    return paths


def finish(settings: SynthSettings, out: Path, generated_paths: list[Path], labelled_paths: list[Path]) -> dict:
    """Discards, augmentation, dedupe, notes.parquet and manifest.json."""
    labelled = [row for p in labelled_paths for row in read_jsonl(p)]
    kept = [r for r in labelled if not r["discard"]]
    discards = [{"note_id": r["note_id"], "reason": r["discard"]} for r in labelled if r["discard"]]
    write_jsonl(out / contract_files.DISCARDS, discards)
    texts = {g["note_id"]: g["text"] for p in generated_paths for g in read_jsonl(p)}
    records = [{"note_id": r["note_id"], "group_id": r["group_id"], "text": texts[r["note_id"]], "lines": r["lines"],
                "icd10cm": r["icd10cm"], "cpt": r["cpt"], "notes": r["notes"]} for r in kept]
    pairs, skipped = augmenting.augment(records, settings.augment_fraction, random.Random(f"{settings.seed}:augment"))
    write_jsonl(out / contract_files.AUGMENTED, pairs)
    write_jsonl(out / contract_files.AUGMENT_SKIPPED, skipped)
    final, removed = deduping.dedupe(records + pairs, settings.dedupe_threshold, settings.dedupe_shingle,
                                     settings.dedupe_num_perm)
    write_jsonl(out / contract_files.RUN_DUPLICATES, removed)
    write_notes_parquet(out / NOTES_FILE, final)
    reasons: dict[str, int] = {}
    for d in discards:
        key = d["reason"].split(" ")[0] if d["reason"].startswith(("manifestation", "excludes1")) else d["reason"]
        reasons[key] = reasons.get(key, 0) + 1
    counts = {"generated": len(labelled), "labelled": len(kept), "discarded": len(discards),
              "discard_reasons": reasons, "augmented_pairs": len(pairs), "augment_skipped": len(skipped),
              "duplicates_removed": len(removed), "published": len(final)}
    assert counts["generated"] == counts["labelled"] + counts["discarded"]
    assert counts["published"] == counts["labelled"] + counts["augmented_pairs"] - counts["duplicates_removed"]
    files = sorted(p for p in out.rglob("*") if p.is_file() and p.name != MANIFEST_FILE and not p.name.startswith("."))
    manifest = {"run_id": settings.run_id(), "code_version": __version__, "settings": settings.as_record(),
                "counts": counts, "codebook": _codebook_version(),
                "files": {str(p.relative_to(out)): sha256_file(p) for p in files}}
    write_json(out / MANIFEST_FILE, manifest)
    return manifest


def _codebook_version() -> str:
    try:
        from codebooks.icd10cm import package_version

        return f"icd10cm simple_icd_10_cm {package_version()}"
    except Exception:  # the manifest still records that the version was unknown
        return "unknown"


# -- chunks in several processes ------------------------------------------------------------
# Chunks are independent (each note draws from its own random stream, note_rng, and the
# labeller keeps no state between notes), so `[synth] workers` processes may write them: the
# run's files are the same as with one. The workers are forked after the term index, the
# profiles and the labeller are built, so they share them instead of building their own.
# Only template runs without retrieval: a forked encoder (its threads) or HTTP client is not safe.
_WORKER: dict = {}  # set in each forked worker by _start_worker, never in the parent


def _start_worker(job: dict) -> None:
    _WORKER.update(job)


def _write_chunk(number: int) -> int:
    """Generate and label chunk ``number`` in a worker (each file only when missing: resume)."""
    job = _WORKER
    settings, out, indices = job["settings"], job["out"], chunk_ranges(job["settings"])[number]
    generated = out / "chunks" / f"generated-{number:04d}.jsonl"
    labelled = out / "chunks" / f"labelled-{number:04d}.jsonl"
    if not generated.is_file():
        write_jsonl(generated, generate_chunk(settings, indices, job["drawn"], job["model"], job["index"], job["catalog"]))
    if not labelled.is_file():
        write_jsonl(labelled, label_chunk(read_jsonl(generated), job["labeller"]))
    return number


def run_parallel(settings: SynthSettings, out: Path, job: dict, progress: Progress | None = None) -> tuple[list[Path], list[Path]]:
    """Every chunk generated and labelled in ``settings.workers`` forked processes."""
    import multiprocessing

    ranges = chunk_ranges(settings)
    with multiprocessing.get_context("fork").Pool(settings.workers, _start_worker, ({**job, "settings": settings,
                                                                                    "out": out},)) as pool:
        for number in pool.imap_unordered(_write_chunk, range(len(ranges))):
            if progress:
                progress(2 * len(ranges[number]))  # generated and labelled
    return ([out / "chunks" / f"generated-{n:04d}.jsonl" for n in range(len(ranges))],
            [out / "chunks" / f"labelled-{n:04d}.jsonl" for n in range(len(ranges))])


def run(settings: SynthSettings, retriever=None, progress: Progress | None = None, llm=None,
        rewriter=None) -> tuple[Path, dict]:
    """The whole run; returns (run directory, manifest)."""
    out = run_dir(settings)
    out.mkdir(parents=True, exist_ok=True)
    index = terms.full_index(settings.index_terms_file())
    catalog = load_catalog(settings.codebooks)
    model, drawn = prepare(settings, out, index)
    if settings.workers > 1 and llm is None and rewriter is None and retriever is None and not settings.retrieval:
        labeller = make_labeller(settings, index, catalog)
        generated, labelled = run_parallel(settings, out, {"drawn": drawn, "model": model, "index": index,
                                                           "catalog": catalog, "labeller": labeller}, progress)
        return out, finish(settings, out, generated, labelled)
    generated = run_chunks(settings, out, "generated",
                           lambda n, idx: generate_chunk(settings, idx, drawn, model, index, catalog, llm, rewriter),
                           progress)
    labeller = None

    def label(number: int, indices: range) -> list[dict]:
        nonlocal labeller
        labeller = labeller or make_labeller(settings, index, catalog, retriever)
        return label_chunk(read_jsonl(generated[number]), labeller)

    labelled = run_chunks(settings, out, "labelled", label, progress)
    return out, finish(settings, out, generated, labelled)


def load_run(path: str | Path) -> Path:
    path = Path(path)
    if not (path / MANIFEST_FILE).is_file():
        raise ChartforgeError.make("E503", path=path)
    return path


def read_generated(out: Path) -> list[dict]:
    return [row for p in sorted((out / "chunks").glob(contract_files.generated_chunk("*"))) for row in read_jsonl(p)]


def read_labelled(out: Path) -> list[dict]:
    return [row for p in sorted((out / "chunks").glob(contract_files.labelled_chunk("*"))) for row in read_jsonl(p)]


def manifest_of(out: Path) -> dict:
    return json.loads((out / MANIFEST_FILE).read_text())
