"""Train (once, cached) the learned re-ranker for a recipe without leaking its queries.

For a recipe R (corpus = Tabular List + index terms minus R's held-out folds) we hold out a
further 15% of the index terms ("ltr" fold), build that smaller index, retrieve each ltr
query against it, and learn which candidate is right. The model is then used on R's full
index. Queries in R's held-out folds (the evaluation split) are never used for training.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from codebooks.code_index import load_or_build
from codebooks.corpus import Recipe, in_holdout, read_index_terms
from codebooks.encoder import VectorStore
from codebooks.features import FEATURES
from codebooks.icd10cm import ICD10CM
from codebooks.learned_rerank import MIN_TRAIN_QUERIES, TRAIN_QUERIES, LearnedReranker, fit, training_matrix

LTR_FRACTION, LTR_SALT = 0.15, "ltr"


def _key(recipe: Recipe, encoder_id: str, settings) -> str:
    payload = "|".join([recipe.hash(), encoder_id, ",".join(FEATURES), str(TRAIN_QUERIES),
                        str(settings.dense_weight), str(settings.lexical_weight),
                        str(settings.dense_depth), str(settings.lexical_depth)])
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def reranker_for(codebook: ICD10CM, recipe: Recipe, directory: Path, settings, encoder,
                 progress: bool = True) -> LearnedReranker | None:
    from codebooks.retrieval import Retriever

    path = directory / f"reranker-{_key(recipe, encoder.id, settings)}.pkl"
    if path.is_file():
        loaded = LearnedReranker.load(path)
        if loaded is not None:
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
    features, labels = training_matrix(retriever, queries, [t.code for t in terms], vectors=vectors)
    reranker = fit(features, labels)
    reranker.save(path)
    return reranker
