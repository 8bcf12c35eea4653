"""Synth test fixtures: a config without shared data (tests never read ../shared/data), small
term indexes built from a handful of codes, and one full index per session where a test
needs the real code set's ambiguity rules."""

from __future__ import annotations

import os

import pytest

from chartforge.config import load_config

# Codes the unit tests write and read; small enough that an index builds in well under a second.
SMALL_CODES = ["E11.9", "E11.22", "E11.42", "E10.9", "N18.31", "N18.30", "N18.9", "I10", "I11.0", "I13.0",
               "I50.9", "I50.32", "I50.33", "I48.0", "I48.91", "J18.9", "J44.9", "J44.0", "J44.1", "R07.9",
               "R50.9", "R05.9", "C50.919", "C50.911", "Z85.3", "C18.9", "Z85.038", "I63.9", "Z86.73",
               "M17.11", "M17.12", "G62.9", "G63", "Z87.891", "F17.210", "I26.99", "K80.20", "E78.5",
               "I25.10", "Z79.4", "N39.0", "Z87.440", "E66.9"]


@pytest.fixture(scope="session", autouse=True)
def synth_config(tmp_path_factory):
    """The tests' configuration, handed to SynthSettings.from_config (and so to the term index)
    explicitly, as an entry point hands down its own. Also set in the environment, because a
    CLI under test loads its configuration itself; the process configuration is not set: no
    synth code below the entry points reads it."""
    runs = tmp_path_factory.mktemp("synth-runs")
    cache = tmp_path_factory.mktemp("synth-codebooks-cache")
    overrides = {
        "CHARTFORGE__SYNTH__CODIESP_TRAIN": '""',
        "CHARTFORGE__SYNTH__RUNS_DIR": str(runs),
        "CHARTFORGE__SYNTH__LABEL__RETRIEVAL": "false",
        "CHARTFORGE__SYNTH__EVAL__CODIESP_DEV": '""',
        "CHARTFORGE__CODEBOOKS__CACHE_DIR": str(cache),
        "CHARTFORGE__CODEBOOKS__INDEX_TERMS": '""',
        "CHARTFORGE__CORPUS__PROBE__REAL": '""',  # synth eval's utility probe: says it is skipped
        "CHARTFORGE__SYNTH__EVAL__REFERENCE_NOTES": '""',  # MTSamples is evaluation data (../shared)
    }
    saved = {k: os.environ.get(k) for k in overrides}
    os.environ.update(overrides)
    yield load_config()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def small_index():
    from synth.terms import TermIndex

    return TermIndex.build(SMALL_CODES)


@pytest.fixture(scope="session")
def full_index():
    from synth import terms

    return terms.full_index()


@pytest.fixture(scope="session")
def cues():
    from synth.label.context import load_cues

    return load_cues()


@pytest.fixture(scope="session")
def tiny_retriever(tmp_path_factory):
    """codebooks' real Retriever (MiniLM + FAISS + BM25) over SMALL_CODES only: the snapshot is
    built from the code subset and its ancestors, the index in a session temp dir."""
    import simple_icd_10_cm as cm

    from codebooks import icd10cm
    from codebooks.corpus import make_recipe
    from codebooks.retrieval import Retriever
    from codebooks.settings import RetrievalSettings

    wanted = sorted({a for c in SMALL_CODES for a in [c, *cm.get_ancestors(c)]})
    original = cm.get_all_codes
    cm.get_all_codes = lambda with_dots=True: wanted
    try:
        rows = icd10cm.build_snapshot()
    finally:
        cm.get_all_codes = original
    codebook = icd10cm.ICD10CM(rows, version="test-subset")
    recipe = make_recipe(None, codes=SMALL_CODES)
    return Retriever.load(recipe=recipe, settings=RetrievalSettings(encoder="contextual", faiss="flat"), codebook=codebook,
                          directory=tmp_path_factory.mktemp("tiny-index"), progress=False)
