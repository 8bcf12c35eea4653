"""Embedding model / index hash of a synthetic run: recorded, reconstructed, or none."""

from corpus.provenance import find_key, run_models


def test_values_recorded_by_the_run_win():
    manifest = {"labeller": {"embedding_model": "m1", "index_key": "abc"}, "settings": {"retrieval": True}}
    assert run_models(manifest) == {"embedding_model": "m1", "index_hash": "abc", "provenance": "run manifest"}


def test_a_retrieval_run_without_them_gets_the_current_stack_marked_as_such():
    found = run_models({"settings": {"retrieval": True, "llm": {"model": ""}}})
    assert found["provenance"] == "current codebooks config"
    assert "MiniLM" in found["embedding_model"] and len(found["index_hash"]) == 16


def test_a_run_without_retrieval_has_no_model():
    assert run_models({"settings": {"retrieval": False}})["embedding_model"] is None


def test_find_key_skips_empty_values():
    assert find_key({"a": {"model": ""}, "b": {"model": "x"}}, "model") == "x"
