"""Shared fixtures: one ICD-10-CM codebook and one tiny retrieval index per session.

The index covers a few hundred codes only (a full build takes many minutes); caches go to
a session temp dir so tests never reuse, or write into, a developer's cache.
"""

from __future__ import annotations

import json

import pytest

from chartforge.config import load_config, set_config

TINY_CATEGORIES = ("E11", "I10", "J18", "K80", "J44", "R07", "N18", "K35", "I21", "S52")


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("codebooks-cache")


@pytest.fixture(scope="session", autouse=True)
def codebooks_config(cache_dir):
    set_config(load_config(environ={"CHARTFORGE__CODEBOOKS__CACHE_DIR": str(cache_dir),
                                    "CHARTFORGE__CODEBOOKS__INDEX_TERMS": '""'}))
    yield
    set_config(load_config())


@pytest.fixture(scope="session")
def icd(cache_dir):
    from codebooks.icd10cm import ICD10CM, load_rows

    return ICD10CM(load_rows(cache_dir))


@pytest.fixture(scope="session")
def tiny_codes(icd):
    # S52 only down to S52.5 (lower end of radius): the whole category is ~1,000 codes.
    return [c for c in icd.codes() if c[:3] in TINY_CATEGORIES and (not c.startswith("S52") or c.startswith("S52.5") or c == "S52")]


@pytest.fixture(scope="session")
def index_terms_file(tmp_path_factory):
    """A few Alphabetic-Index-style entries in the index_dev.jsonl format (our own examples)."""
    path = tmp_path_factory.mktemp("terms") / "index_terms.jsonl"
    rows = [("t1", "Appendicitis, acute", "K35.80"), ("t2", "Gallstone, gallbladder", "K80.20"),
            ("t3", "Heart attack", "I21.9"), ("t4", "Hypertension, essential", "I10"),
            ("t5", "Fracture, radius, distal end", "S52.50-")]
    path.write_text("".join(json.dumps({"id": i, "query": q, "code": c}) + "\n" for i, q, c in rows))
    return path


@pytest.fixture(scope="session")
def tiny_retriever(icd, tiny_codes, cache_dir, index_terms_file):
    from codebooks.corpus import make_recipe
    from codebooks.retrieval import Retriever
    from codebooks.settings import RetrievalSettings

    recipe = make_recipe(index_terms_file, codes=tiny_codes)
    # The learned re-ranker needs thousands of index terms; its training is benchmarked by
    # `chartforge codebooks eval`, and its pieces are unit-tested in test_learned_rerank.py.
    return Retriever.load(recipe=recipe, settings=RetrievalSettings(encoder="contextual", learned_rerank=False), codebook=icd,
                          directory=cache_dir, progress=False)
