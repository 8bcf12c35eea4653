import pytest

from chartforge.errors import ChartforgeError
from codebooks.corpus import code_texts, in_holdout, make_recipe, read_index_terms


def test_recipe_hash_tracks_every_ingredient(index_terms_file):
    plain = make_recipe(None)
    with_terms = make_recipe(index_terms_file)
    assert plain.hash() != with_terms.hash()
    assert with_terms.as_dict()["index_terms_used"] and not plain.as_dict()["index_terms_used"]
    assert make_recipe(index_terms_file, holdout_fraction=0.2, holdout_salt="eval").hash() != with_terms.hash()
    assert make_recipe(None, codes=["I10"]).hash() != plain.hash()
    assert make_recipe(index_terms_file).hash() == with_terms.hash()  # deterministic


def test_code_texts_sources(icd, tiny_codes, index_terms_file):
    texts = code_texts(icd, make_recipe(index_terms_file, codes=tiny_codes))
    by_source = {}
    for t in texts:
        by_source.setdefault(t.source, []).append(t)
    assert {"description", "inclusion", "index"} <= set(by_source)
    # index stems map to their subcategory; 7th-character codes get no texts of their own
    assert any(t.code == "S52.50" and t.text == "Fracture, radius, distal end" for t in by_source["index"])
    assert not any(len(t.code.replace(".", "")) == 7 for t in texts)
    assert len({(t.code, t.text.lower()) for t in texts}) == len(texts)


def test_holdout_removes_index_terms(icd, tiny_codes, index_terms_file):
    full = code_texts(icd, make_recipe(index_terms_file, codes=tiny_codes))
    fold = code_texts(icd, make_recipe(index_terms_file, holdout_fraction=0.5, holdout_salt="x", codes=tiny_codes))
    held = {t.query for t in read_index_terms(index_terms_file) if in_holdout(t.id, 0.5, "x")}
    assert held and not any(t.text in held for t in fold if t.source == "index")
    assert len(full) - len(fold) == len(held)


def test_holdout_is_deterministic():
    assert [in_holdout(f"id{i}", 0.2, "eval") for i in range(50)] == [in_holdout(f"id{i}", 0.2, "eval") for i in range(50)]
    share = sum(in_holdout(f"id{i}", 0.2, "eval") for i in range(5000)) / 5000
    assert 0.17 < share < 0.23


def test_malformed_index_term_line(tmp_path):
    path = tmp_path / "terms.jsonl"
    path.write_text('{"id": "a", "query": "x", "code": "I10"}\n{"id": "b", "query": "y"}\n')
    with pytest.raises(ChartforgeError, match="terms.jsonl row 2"):
        read_index_terms(path)
