"""Prefect flow ``corpus``: orchestration only; the work is ``corpus.build.build_corpus``.

Parameters are paths and names, never note text; the task's result is a small summary
(name, version, path, counts) and result persistence is off, so nothing PHI-bearing
reaches Prefect's database.
"""

from __future__ import annotations

from prefect import flow, task
from prefect.runtime import flow_run


@task(name="build corpus version", persist_result=False)
def build_version(name: str, deid: list[str], synth: list[str], datasets_dir: str | None, run_id: str | None,
                  probe: bool | None = None) -> dict:
    from pathlib import Path

    from chartforge.config import get_config
    from corpus.build import build_corpus

    result = build_corpus(name, deid, synth, config=get_config(), root=Path(datasets_dir) if datasets_dir else None,
                          flow_run_id=run_id, probe=probe)
    return {"name": result.name, "version": result.version, "path": str(result.path), "created": result.created}


@flow(name="corpus", persist_result=False)
def corpus_flow(name: str, deid: list[str], synth: list[str], datasets_dir: str | None = None,
                probe: bool | None = None) -> dict:
    """Build (or find) the dataset version for these gated batches and synthetic runs
    (``probe``: run the corpus utility probe; None = [corpus.probe] at_build)."""
    run_id = flow_run.get_id()
    return build_version(name, deid, synth, datasets_dir, str(run_id) if run_id else None, probe)
