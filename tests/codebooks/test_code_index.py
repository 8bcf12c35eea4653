from codebooks.code_index import FaissSettings, load_or_build
from codebooks.corpus import make_recipe


def test_cache_hit_and_changed_recipe_rebuilds(icd, tiny_codes, tiny_retriever, cache_dir, index_terms_file):
    recipe = make_recipe(index_terms_file, codes=tiny_codes)
    warm, built = load_or_build(icd, recipe, cache_dir, FaissSettings(), progress=False)
    assert not built and warm.key == tiny_retriever.index.key
    assert warm.texts == tiny_retriever.index.texts

    changed = make_recipe(None, codes=tiny_codes)  # same codes, index terms left out
    other, built = load_or_build(icd, changed, cache_dir, FaissSettings(), progress=False)
    assert built and other.key != warm.key
    assert other.manifest["recipe"]["index_terms_used"] is False
    assert "index" not in other.manifest["sources"]
    # the vector cache is keyed by text: the rebuild embedded nothing new
    assert other.manifest["texts"] < warm.manifest["texts"]


def test_manifest_records_versions(tiny_retriever, icd):
    manifest = tiny_retriever.index.manifest
    assert manifest["codebook_version"] == icd.version
    assert "MiniLM" in manifest["model"]
    assert manifest["recipe"]["index_terms_used"] is True
    assert (tiny_retriever.index.directory / "dense.faiss").is_file()
