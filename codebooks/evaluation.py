"""Retrieval evaluation with an honest protocol.

Index terms (``icd10cm_index/index_dev.jsonl``) are both allowed corpus and the evaluation
set, so evaluating on terms that are also in the index would only measure lookup. We split
the dev file by a hash of the query id (``holdout`` fraction, default 20%), build the corpus
from the other 80% plus the Tabular List, and score the held-out 20%: the figure then
predicts the hidden test split of *unseen* index paths.

CodiEsp: pooled recall, per note, of the gold diagnosis codes among the top-k candidates of
the note's lines (machine-translated case reports, so lower than index terms).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from codebooks.code_index import load_or_build
from codebooks.corpus import IndexTerm, in_holdout, make_recipe, read_index_terms
from codebooks.encoder import ContextualEncoder, VectorStore
from codebooks.encoders import get_encoder
from codebooks.icd10cm import ICD10CM
from codebooks.normalize import category_hit, code_hit
from codebooks.retrieval import Retriever
from codebooks.settings import RetrievalSettings

K_VALUES = (1, 5, 10)
EVAL_SALT = "eval"
# Issue 16's goals for held-out index terms (the issue's own bar on its hidden split: .62 / .89).
GOALS = {"exact@1": 0.65, "exact@10": 0.90}


@dataclass
class Scores:
    name: str
    n: int = 0
    hits: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, hit: bool) -> None:
        self.hits[key] = self.hits.get(key, 0) + int(hit)

    def recall(self, key: str) -> float:
        return self.hits.get(key, 0) / self.n if self.n else 0.0

    def as_dict(self) -> dict:
        return {"name": self.name, "n": self.n,
                **{key: round(self.recall(key), 4) for key in sorted(self.hits)}}


def score_ranked(name: str, ranked: list[list[str]], gold: list[str]) -> Scores:
    scores = Scores(name, n=len(gold))
    for codes, target in zip(ranked, gold):
        for k in K_VALUES:
            top = codes[:k]
            scores.add(f"exact@{k}", any(code_hit(c, target) for c in top))
            scores.add(f"category@{k}", any(category_hit(c, target) for c in top))
    return scores


def split_terms(terms: list[IndexTerm], fraction: float, salt: str = EVAL_SALT) -> list[IndexTerm]:
    return [t for t in terms if in_holdout(t.id, fraction, salt)]


def fold_retriever(codebook: ICD10CM, index_terms: Path | None, cache_dir: Path, settings: RetrievalSettings,
                   fraction: float, salt: str = EVAL_SALT, sources: tuple[str, ...] | None = None,
                   progress: bool = True, encoder=None, learned: bool = False) -> Retriever:
    """A retriever whose corpus excludes the held-out index terms (cached like any index)."""
    kwargs = {"sources": sources} if sources else {}
    recipe = make_recipe(index_terms, holdout_fraction=fraction, holdout_salt=salt, **kwargs)
    encoder = encoder or get_encoder(settings.encoder, cache_dir, progress)
    retriever = Retriever.load(recipe=recipe, settings=settings, codebook=codebook, directory=cache_dir,
                               progress=progress, learned=learned) if learned else None
    if retriever is None:
        index, _ = load_or_build(codebook, recipe, cache_dir, settings.faiss_settings(), settings.batch_size,
                                 progress, encoder=encoder)
        retriever = Retriever(index, codebook, settings, encoder)
    return retriever


def query_vectors(texts: list[str], cache_dir: Path, settings: RetrievalSettings, encoder, progress: bool) -> np.ndarray:
    return VectorStore(cache_dir, encoder).get(texts, batch_size=settings.batch_size, progress=progress)


def run_index_eval(codebook: ICD10CM, index_terms: Path, cache_dir: Path, settings: RetrievalSettings,
                   fraction: float = 0.2, limit: int | None = None, salt: str = EVAL_SALT,
                   progress: bool = True, ablations: bool = True, baseline: bool = True) -> list[Scores]:
    """Baseline (dense MiniLM over Tabular titles) beside the hybrid, on the held-out fold."""
    held_out = split_terms(read_index_terms(index_terms), fraction, salt)
    if limit:
        held_out = held_out[:: max(1, len(held_out) // limit)][:limit]
    queries, gold = [t.query for t in held_out], [t.code for t in held_out]
    results = []

    if baseline:
        contextual = ContextualEncoder()
        vectors = query_vectors(queries, cache_dir, settings, contextual, progress)
        base = fold_retriever(codebook, None, cache_dir, settings, fraction, salt, sources=("description",),
                              progress=progress, encoder=contextual)
        ranked = base.retrieve(queries, k=10, vectors=vectors, specialize=False, weights=(1.0, 0.0))
        results.append(score_ranked("baseline: dense MiniLM, Tabular titles", [[c.code for c in r] for r in ranked], gold))

    hybrid = fold_retriever(codebook, index_terms, cache_dir, settings, fraction, salt, progress=progress,
                            learned=settings.learned_rerank)
    vectors = query_vectors(queries, cache_dir, settings, hybrid.encoder, progress)
    tag = f"{settings.encoder} encoder"
    if ablations:
        for name, weights in ((f"dense only ({tag}), full corpus", (1.0, 0.0)), ("BM25 only, full corpus", (0.0, 1.0)),
                              (f"hybrid dense+BM25 ({tag}), no re-rank", None)):
            ranked = hybrid.retrieve(queries, k=10, vectors=vectors, specialize=False, weights=weights, learned=False)
            results.append(score_ranked(name, [[c.code for c in r] for r in ranked], gold))
    ranked = hybrid.retrieve(queries, k=10, vectors=vectors)
    name = f"hybrid ({tag}) + {'learned ' if hybrid.reranker else ''}re-rank + hierarchy (default)"
    results.append(score_ranked(name, [[c.code for c in r] for r in ranked], gold))
    return results


def read_codiesp(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def run_codiesp_eval(retriever: Retriever, path: Path, limit: int | None = None,
                     baseline: Retriever | None = None, progress: bool = True) -> list[Scores]:
    """Pooled line-level recall of gold dx codes over each note's lines' top-k."""
    docs = read_codiesp(path)[: limit or None]
    lines_per_doc = [[line for line in d["text"].split("\n") if line.strip()] for d in docs]
    flat = [line for lines in lines_per_doc for line in lines]
    systems = [("hybrid (default)", retriever, {})]
    if baseline is not None:
        systems.insert(0, ("baseline: dense MiniLM, Tabular titles", baseline,
                           {"specialize": False, "weights": (1.0, 0.0)}))
    results, encoded = [], {}
    for name, system, kwargs in systems:
        if system.encoder.id not in encoded:  # the baseline and the hybrid may share an encoder
            encoded[system.encoder.id] = system.encoder.encode(flat, batch_size=system.settings.batch_size,
                                                               progress=progress)
        vectors = encoded[system.encoder.id]
        ranked = system.retrieve(flat, k=max(K_VALUES), vectors=vectors, **kwargs)
        scores, offset = Scores(name), 0
        for doc, lines in zip(docs, lines_per_doc):
            per_line = ranked[offset:offset + len(lines)]
            offset += len(lines)
            for gold in doc["codes_dx"]:
                scores.n += 1
                for k in K_VALUES:
                    pool = [c.code for cands in per_line for c in cands[:k]]
                    scores.add(f"exact@{k}", any(code_hit(c, gold) for c in pool))
                    scores.add(f"category@{k}", any(category_hit(c, gold) for c in pool))
        results.append(scores)
    return results
