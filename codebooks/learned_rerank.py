"""A learned re-ranker over the hybrid candidates (gradient-boosted trees, scikit-learn).

Training data never overlaps what it is evaluated on: the index terms are split three ways
by query hash. The re-ranker learns from "training queries" retrieved against a corpus that
excludes them (so it sees the same situation as an unseen query), and the evaluation fold is
excluded from both. For production the same recipe is applied to the full dev file.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np

from chartforge.atomic import atomic_path
from codebooks.features import FEATURES
from codebooks.normalize import code_hit

TRAIN_QUERIES = 8000
# Below this many usable training queries the re-ranker would learn noise: go without.
MIN_TRAIN_QUERIES = 200


class LearnedReranker:
    def __init__(self, model, depth: int):
        self.model = model
        self.depth = depth

    def scores(self, features: np.ndarray) -> np.ndarray:
        from threadpoolctl import threadpool_limits

        # One OpenMP thread: on the shared 2-core box the tree predictor's threads wait on
        # each other (30k candidate rows: 3.5 s with 2 threads, 0.4 s with 1).
        with threadpool_limits(limits=1, user_api="openmp"):
            return self.model.predict_proba(features)[:, 1]

    def save(self, path: Path) -> None:
        with atomic_path(path) as tmp:
            tmp.write_bytes(pickle.dumps({"features": FEATURES, "depth": self.depth, "model": self.model}))

    @classmethod
    def load(cls, path: Path) -> "LearnedReranker | None":
        stored = pickle.loads(path.read_bytes())
        if tuple(stored["features"]) != FEATURES:
            return None  # trained on another feature set: retrain
        return cls(stored["model"], stored["depth"])


def training_matrix(retriever, queries: list[str], gold: list[str], vectors=None, depth: int | None = None):
    """Features and labels of the top ``depth`` candidates of each training query."""
    xs, ys = [], []
    lists = retriever.feature_lists(queries, vectors=vectors, depth=depth)
    for (line, target), (features, codes) in zip(zip(queries, gold), lists):
        if not codes:
            continue
        labels = np.fromiter((code_hit(c, target) for c in codes), dtype=np.int8, count=len(codes))
        if labels.any():  # queries whose gold was never retrieved teach nothing about ranking
            xs.append(features)
            ys.append(labels)
    if not xs:
        return np.zeros((0, len(FEATURES)), np.float32), np.zeros(0, np.int8)
    return np.vstack(xs), np.concatenate(ys)


def fit(features: np.ndarray, labels: np.ndarray, depth: int, max_iter: int = 300) -> LearnedReranker:
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(max_iter=max_iter, learning_rate=0.08, max_leaf_nodes=31,
                                           l2_regularization=1.0, random_state=0)
    model.fit(features, labels)
    return LearnedReranker(model, depth)
