"""Where index terms come from: the packaged dev split by default, a user's file, or none,
with one line saying which; gzip and plain files hash alike."""

import gzip
import json

import pytest

from chartforge.config import get_config, load_config, set_config
from chartforge.jsonl import parse_records
from codebooks import paths
from codebooks.corpus import make_recipe, read_index_terms


def _section(value, cache_dir):
    """The [codebooks] section as an entry point hands it down (built by the production loader)."""
    return load_config(environ={"CHARTFORGE__CODEBOOKS__CACHE_DIR": str(cache_dir),
                                "CHARTFORGE__CODEBOOKS__INDEX_TERMS": json.dumps(value)}).settings.codebooks


def test_packaged_terms_are_the_default_and_ship_with_the_package(cache_dir):
    section = load_config(environ={"CHARTFORGE__CODEBOOKS__CACHE_DIR": str(cache_dir)}).settings.codebooks
    assert paths.index_terms_path(section) == paths.index_terms_path() == paths.PACKAGED_INDEX_TERMS
    assert "packaged" in paths.index_terms_status(section)
    assert paths.cache_dir(section) == cache_dir
    first = next(iter(parse_records(paths.PACKAGED_INDEX_TERMS, dict, lambda row, exc: exc)))
    assert set(first) == {"id", "query", "code"}


def test_off_and_missing_files_are_reported_in_one_line(tmp_path, cache_dir):
    off = _section("", cache_dir)
    assert paths.index_terms_path(off) is None
    status = paths.index_terms_status(off)
    assert "off" in status and "re-ranker is skipped" in status and "\n" not in status
    absent = _section(str(tmp_path / "absent.jsonl"), cache_dir)
    assert paths.index_terms_path(absent) is None
    status = paths.index_terms_status(absent)
    assert "absent.jsonl not found" in status and "import-index" in status and "\n" not in status
    present = tmp_path / "mine.jsonl"
    present.write_text('{"id": "a", "query": "Heart attack", "code": "I21.9"}\n')
    assert paths.index_terms_path(_section(str(present), cache_dir)) == present


def test_the_section_handed_down_decides_not_the_process_configuration(cache_dir):
    """Issue 17: codebooks never reads get_config(); no section means the packaged defaults."""
    previous = get_config()
    set_config(load_config(environ={"CHARTFORGE__CODEBOOKS__INDEX_TERMS": '""',
                                    "CHARTFORGE__CODEBOOKS__CACHE_DIR": str(cache_dir / "process")}))
    try:
        assert paths.index_terms_path() == paths.PACKAGED_INDEX_TERMS
        assert paths.cache_dir() == paths.Path(paths.DEFAULT_CACHE_DIR)
        assert paths.index_terms_path(_section("", cache_dir)) is None
    finally:
        set_config(previous)


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
