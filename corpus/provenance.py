"""Which embedding model and FAISS index labelled a synthetic run.

Taken from the run's manifest when it names them (``embedding_model``, ``index_hash`` or
``index_key``). A run manifest that does not, but says it used retrieval, gets the values
of the current codebooks configuration, marked ``"provenance": "current codebooks
config"`` so a reader knows they were reconstructed, not recorded by the run.
"""

from __future__ import annotations


def find_key(tree, key: str):
    """First non-empty scalar value of ``key`` anywhere in a nested manifest."""
    if isinstance(tree, dict):
        value = tree.get(key)
        if value not in (None, "") and not isinstance(value, (dict, list)):
            return value
        for child in tree.values():
            found = find_key(child, key)
            if found is not None:
                return found
    return None


def current_retrieval_stack(section=None) -> dict:
    """The index the ``[codebooks]`` settings ``section`` select (None: the packaged defaults)."""
    from codebooks.code_index import index_key
    from codebooks.corpus import make_recipe
    from codebooks.encoder import model_id
    from codebooks.icd10cm import load_icd10cm
    from codebooks.paths import cache_dir, index_terms_path
    from codebooks.settings import RetrievalSettings

    model = model_id()
    settings = RetrievalSettings.from_section(section.retrieval if section else None)
    key = index_key(load_icd10cm(cache_dir(section)).version, model, make_recipe(index_terms_path(section)),
                    settings.faiss_settings())
    return {"embedding_model": model, "index_hash": key, "provenance": "current codebooks config"}


def run_models(manifest: dict, codebooks=None) -> dict:
    model = find_key(manifest, "embedding_model")
    index = find_key(manifest, "index_hash") or find_key(manifest, "index_key")
    if model or index:
        return {"embedding_model": model, "index_hash": index, "provenance": "run manifest"}
    if find_key(manifest, "retrieval") is True:
        return current_retrieval_stack(codebooks)
    return {"embedding_model": None, "index_hash": None, "provenance": "run used no retrieval"}
