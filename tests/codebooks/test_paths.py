"""Where index terms come from: the packaged dev split by default, a user's file, or none,
with one line saying which; gzip and plain files hash alike."""

import gzip
import json

import pytest

from chartforge.config import load_config, set_config
from chartforge.jsonl import parse_records
from codebooks import paths
from codebooks.corpus import make_recipe, read_index_terms


def _with(value, cache_dir):
    set_config(load_config(environ={"CHARTFORGE__CODEBOOKS__CACHE_DIR": str(cache_dir),
                                    "CHARTFORGE__CODEBOOKS__INDEX_TERMS": json.dumps(value)}))


def test_packaged_terms_are_the_default_and_ship_with_the_package(cache_dir):
    set_config(load_config(environ={"CHARTFORGE__CODEBOOKS__CACHE_DIR": str(cache_dir)}))
    try:
        assert paths.index_terms_path() == paths.PACKAGED_INDEX_TERMS
        assert "packaged" in paths.index_terms_status()
        first = next(iter(parse_records(paths.PACKAGED_INDEX_TERMS, dict, lambda row, exc: exc)))
        assert set(first) == {"id", "query", "code"}
    finally:
        _with("", cache_dir)


def test_off_and_missing_files_are_reported_in_one_line(tmp_path, cache_dir):
    try:
        _with("", cache_dir)
        assert paths.index_terms_path() is None
        status = paths.index_terms_status()
        assert "off" in status and "re-ranker is skipped" in status and "\n" not in status
        _with(str(tmp_path / "absent.jsonl"), cache_dir)
        assert paths.index_terms_path() is None
        status = paths.index_terms_status()
        assert "absent.jsonl not found" in status and "import-index" in status and "\n" not in status
        present = tmp_path / "mine.jsonl"
        present.write_text('{"id": "a", "query": "Heart attack", "code": "I21.9"}\n')
        _with(str(present), cache_dir)
        assert paths.index_terms_path() == present
    finally:
        _with("", cache_dir)


def test_gzip_and_plain_copies_select_the_same_index(tmp_path):
    rows = "".join(json.dumps({"id": f"t{i}", "query": q, "code": c}) + "\n"
                   for i, (q, c) in enumerate([("Heart attack", "I21.9"), ("Hypertension", "I10")]))
    plain, packed = tmp_path / "terms.jsonl", tmp_path / "terms.jsonl.gz"
    plain.write_text(rows)
    packed.write_bytes(gzip.compress(rows.encode()))
    assert paths.content_sha256(plain) == paths.content_sha256(packed)
    assert make_recipe(plain).hash() == make_recipe(packed).hash()
    assert read_index_terms(plain) == read_index_terms(packed)
    with paths.open_text(packed) as handle:
        assert handle.read() == rows


@pytest.mark.evaluation
def test_packaged_terms_equal_the_shared_dev_split():
    """A fresh clone (packaged file) and one with ../shared select the same cached index, so
    `codebooks eval` gives the same figures with and without ../shared."""
    shared = paths.REPO_ROOT.parent / "shared" / "data" / "icd10cm_index" / "index_dev.jsonl"
    if not shared.is_file():
        pytest.skip("../shared/data/icd10cm_index is not beside this clone")
    assert paths.content_sha256(shared) == paths.content_sha256(paths.PACKAGED_INDEX_TERMS)
    assert make_recipe(shared).hash() == make_recipe(paths.PACKAGED_INDEX_TERMS).hash()
