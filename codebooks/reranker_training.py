"""Train (once, cached) the learned re-ranker for a recipe without leaking its queries.

For a recipe R (corpus = Tabular List + index terms minus R's held-out folds) we hold out a
further 15% of the index terms ("ltr" fold), build that smaller index, retrieve each ltr
query against it, and learn which candidate is right. The model is then used on R's full
index. Queries in R's held-out folds (the evaluation split) are never used for training.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from codebooks.cache_admin import mark_used
from codebooks.code_index import load_or_build
from codebooks.corpus import Recipe, in_holdout, read_index_terms
from codebooks.candidate_depths import KEEP_PER_LINE, NEIGHBOURHOOD_CODES
from codebooks.encoder import VectorStore
from codebooks.features import FEATURES, FEATURES_VERSION
from codebooks.icd10cm import ICD10CM
from codebooks.learned_rerank import (CASCADE_KEEP, MIN_TRAIN_QUERIES, MODEL_TREES, SCREEN_TREES,
                                       TRAIN_QUERIES, LearnedReranker, fit, training_blocks)

LTR_FRACTION, LTR_SALT = 0.15, "ltr"


# Bumped when training itself changes (labels, sampling, model parameters).
TRAINING_VERSION = 3
# Settings that only act after re-ranking (or not on content at all) stay out of the key.
_KEY_EXCLUDED = {"batch_size", "learned_rerank", "prefer_billable"}


def _key(recipe: Recipe, encoder_id: str, settings) -> str:
    """Everything that changes the trained model: the corpus, the encoder, the features, the
    candidate generation (depths, weights, FAISS search effort) and the training recipe."""
    from dataclasses import asdict

    candidate_settings = {k: v for k, v in sorted(asdict(settings).items()) if k not in _KEY_EXCLUDED}
    payload = json.dumps({"recipe": recipe.hash(), "encoder": encoder_id, "features": list(FEATURES),
                          "features_version": FEATURES_VERSION, "training_version": TRAINING_VERSION,
                          "train_queries": TRAIN_QUERIES, "ltr": [LTR_FRACTION, LTR_SALT],
                          "keep_per_line": KEEP_PER_LINE, "cascade": [CASCADE_KEEP, SCREEN_TREES, MODEL_TREES], "neighbourhood_codes": NEIGHBOURHOOD_CODES,
                          "settings": candidate_settings}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def reranker_for(codebook: ICD10CM, recipe: Recipe, directory: Path, settings, encoder,
                 progress: bool = True, retriever_cls=None) -> LearnedReranker | None:
    """The re-ranker of this index (trained once, then cached). ``retriever_cls`` is
    codebooks.retrieval.Retriever, handed in by Retriever.load: retrieval calls this module,
    so this module does not import retrieval back."""
    if retriever_cls is None:
        raise TypeError("reranker_for needs retriever_cls (codebooks.retrieval.Retriever)")
    Retriever = retriever_cls  # noqa: N806 - the class, as the code below names it
    path = directory / f"reranker-{_key(recipe, encoder.id, settings)}.pkl"
    if path.is_file():
        loaded = LearnedReranker.load(path)
        if loaded is not None:
            mark_used(path)
            return loaded
    nested = recipe.with_holdout(LTR_FRACTION, LTR_SALT)
    index, _ = load_or_build(codebook, nested, directory, settings.faiss_settings(),
                             batch_size=settings.batch_size, progress=progress, encoder=encoder)
    retriever = Retriever(index, codebook, settings, encoder)
    terms = [t for t in read_index_terms(Path(recipe.index_terms_file))
             if not recipe.held_out(t.id) and in_holdout(t.id, LTR_FRACTION, LTR_SALT)]
    terms = terms[:: max(1, len(terms) // TRAIN_QUERIES)][:TRAIN_QUERIES]
    if len(terms) < MIN_TRAIN_QUERIES:
        return None
    queries = [t.query for t in terms]
    vectors = VectorStore(directory, encoder).get(queries, batch_size=settings.batch_size, progress=progress)
    blocks = training_blocks(retriever, queries, [t.code for t in terms], vectors=vectors,
                             depth=settings.rerank_depth)
    if len(blocks) < MIN_TRAIN_QUERIES:
        return None
    reranker = fit(blocks, depth=settings.rerank_depth)
    reranker.save(path)
    return reranker
