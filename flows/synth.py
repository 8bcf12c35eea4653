"""Prefect flow ``synth``: orchestration only; the work is in ``synth.pipeline``.

Parameters are settings overrides and paths; every task returns paths or counts (never note
text) and result persistence is off. Chunks are tasks, so a failed chunk retries alone and a
re-run skips the chunks already written (the pipeline's resume rule).
"""

from __future__ import annotations

from chartforge.contracts import files
from chartforge.contracts.files import NOTES as NOTES_FILE

from pathlib import Path

from prefect import flow, task


@task(name="synth: seeds and co-occurrence", persist_result=False)
def prepare_task(overrides: dict) -> dict:
    from chartforge.config import get_config  # an entry point's read, at task start
    from synth import pipeline, terms
    from synth.settings import SynthSettings

    settings = SynthSettings.from_config(get_config(), **overrides)
    out = pipeline.run_dir(settings)
    out.mkdir(parents=True, exist_ok=True)
    pipeline.prepare(settings, out, terms.full_index(settings.index_terms_file()))
    return {"run_dir": str(out), "chunks": len(pipeline.chunk_ranges(settings))}


@task(name="synth: generate and label chunk", persist_result=False, retries=1)
def chunk_task(overrides: dict, number: int) -> dict:
    import json

    from chartforge.config import get_config
    from synth import pipeline, terms
    from synth.artifacts import read_jsonl, write_jsonl
    from synth.cooccurrence import build_model
    from synth.settings import SynthSettings, repo_path

    settings = SynthSettings.from_config(get_config(), **overrides)
    out = pipeline.run_dir(settings)
    indices = pipeline.chunk_ranges(settings)[number]
    generated = out / "chunks" / files.generated_chunk(number)
    labelled = out / "chunks" / files.labelled_chunk(number)
    index, catalog = terms.full_index(settings.index_terms_file()), pipeline.load_catalog(settings.codebooks)
    if not generated.is_file():
        model = build_model(repo_path(settings.codiesp_train), [Path(b) / NOTES_FILE for b in settings.batches])
        drawn = json.loads((out / files.SEEDS).read_text())["drawn"]
        write_jsonl(generated, pipeline.generate_chunk(settings, indices, drawn, model, index, catalog))
    if not labelled.is_file():
        write_jsonl(labelled, pipeline.label_chunk(read_jsonl(generated), pipeline.make_labeller(settings, index, catalog)))
    return {"generated": str(generated), "labelled": str(labelled)}


@task(name="synth: discard, augment, dedupe, publish", persist_result=False)
def finish_task(overrides: dict, chunks: list[dict]) -> dict:
    from chartforge.config import get_config
    from synth import pipeline
    from synth.settings import SynthSettings

    settings = SynthSettings.from_config(get_config(), **overrides)
    manifest = pipeline.finish(settings, pipeline.run_dir(settings), [Path(c["generated"]) for c in chunks],
                               [Path(c["labelled"]) for c in chunks])
    return {"run_dir": str(pipeline.run_dir(settings)), "counts": manifest["counts"]}


@flow(name="synth", persist_result=False)
def synth_flow(overrides: dict | None = None) -> dict:
    """Generate, label, augment and dedupe one synthetic run (settings from [synth] + overrides)."""
    overrides = overrides or {}
    prepared = prepare_task(overrides)
    chunks = [chunk_task(overrides, number) for number in range(prepared["chunks"])]
    return finish_task(overrides, chunks)
