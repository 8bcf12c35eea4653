"""The corpus utility probe on a synthetic run: does training on the run's notes transfer?

``chartforge synth eval --probe`` reports it beside the run's own figures. It lives in
``corpus`` (the probe's package, above ``synth`` in the layers: docs/architecture.md) and
reads the run's contract file (notes.parquet, docs/contracts.md §5), so ``synth`` never
imports ``corpus``.
"""

from __future__ import annotations

from pathlib import Path

from chartforge.contracts import files


def utility_probe(out: Path, config=None) -> dict | None:
    """The corpus utility probe (corpus/probe.py) trained on the run's published notes and scored
    on the configured real coded notes; its summary, or {"missing": why} when they are absent.
    ``config``: the entry point's configuration (None: the packaged defaults)."""
    import polars as pl

    from corpus.probe import Documents, dotless, probe_documents, summary
    from corpus.settings import probe_settings

    settings = probe_settings(config)
    if settings.real is None or not settings.real.is_file():
        return {"missing": f"corpus utility probe skipped: real coded notes {settings.real or '(none configured)'} "
                           "not found ([corpus.probe] real)"}
    notes = pl.read_parquet(out / files.NOTES, columns=["note_id", "group_id", "text", "icd10cm"])
    # held out by generation group: an augmented pair and its two halves share one
    docs = Documents(str(out), notes["note_id"].to_list(), notes["text"].to_list(),
                     [{dotless(c["code"]) for c in codes} for codes in notes["icd10cm"].to_list()],
                     notes["group_id"].to_list())
    return summary(probe_documents(docs, settings.real, settings.real_train, settings.model, settings.cache_dir))
