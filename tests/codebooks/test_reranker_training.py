from codebooks.corpus import make_recipe
from codebooks.reranker_training import _key
from codebooks.settings import RetrievalSettings


def test_cache_key_follows_what_changes_the_model(index_terms_file):
    recipe = make_recipe(index_terms_file)
    base = _key(recipe, "enc", RetrievalSettings())
    assert _key(recipe, "enc", RetrievalSettings(rerank_depth=60)) != base
    assert _key(recipe, "enc", RetrievalSettings(hnsw_ef_search=64)) != base
    assert _key(recipe, "enc", RetrievalSettings(dense_weight=0.6)) != base
    assert _key(recipe, "other", RetrievalSettings()) != base
    assert _key(make_recipe(index_terms_file, holdout_fraction=0.2, holdout_salt="x"), "enc", RetrievalSettings()) != base
    # Settings that act after re-ranking (or only on speed) reuse the trained model.
    assert _key(recipe, "enc", RetrievalSettings(batch_size=7, prefer_billable=False)) == base
