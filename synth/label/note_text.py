"""What a whole note's words say about its codes: a small text classifier, one feature of the scorer.

The scorer weighs each proposed code by its mentions; coders also code from the note as a whole
(a case report about a "ray sting" in an "ankle" carries the bite code whatever line names it).
This model reads the note's text (TF-IDF over words, sublinear counts) and gives every code and
every category that coders used in at least ``MIN_NOTES`` training notes a score: one ridge
regression per label, all solved at once (as the corpus probe's coder, corpus/probe_model.py).
Its scores for a proposed code and for the code's category are two features of the scorer; the
model proposes nothing by itself, so every code keeps its evidence lines.

Each label keeps its ``KEEP_WEIGHTS`` largest weights only (the rest are tiny): the model then
ships in a few MB, and cross-validation scores with the same truncated weights as the shipped
model. While training, a fold's notes are scored by a model fitted on the other folds only.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from scipy import sparse

MIN_NOTES = 2
MAX_FEATURES = 20_000
ALPHA = 1.0
KEEP_WEIGHTS = 200
CATEGORY = "cat:"


class NoteText:
    def __init__(self) -> None:
        self.labels: list[str] = []
        self.vectorizer = None
        self.weights = None        # sparse (features x labels)
        self.intercept = None

    @classmethod
    def fit(cls, texts: list[str], golds: list[set[str]]) -> "NoteText":
        """From note texts and their dotless gold codes (labels: codes and ``cat:`` categories)."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import Ridge

        model = cls()
        targets_of = [set(g) | {CATEGORY + c[:3] for c in g} for g in golds]
        counts = Counter(label for labels in targets_of for label in labels)
        model.labels = sorted(label for label, n in counts.items() if n >= MIN_NOTES)
        if not model.labels or len(texts) < 2:
            model.labels = []
            return model
        column = {label: j for j, label in enumerate(model.labels)}
        y = np.zeros((len(texts), len(model.labels)), np.float32)
        for i, labels in enumerate(targets_of):
            y[i, [column[label] for label in labels if label in column]] = 1.0
        model.vectorizer = TfidfVectorizer(min_df=2, max_features=MAX_FEATURES, sublinear_tf=True, dtype=np.float32)
        x = model.vectorizer.fit_transform(texts)
        # (scikit-learn >= 1.7 keeps no ``stop_words_``: the words min_df / max_features dropped,
        # each in < 2 notes, are not in the model file)
        ridge = Ridge(alpha=ALPHA).fit(x, y)
        model.weights = _keep_largest(np.asarray(ridge.coef_, np.float32).T, KEEP_WEIGHTS)
        model.intercept = np.asarray(ridge.intercept_, np.float32)
        return model

    def scores(self, text: str) -> dict[str, float]:
        """Label -> score (the ridge output, near 1 for a note that carries the label)."""
        if not self.labels:
            return {}
        x = self.vectorizer.transform([text])
        values = np.asarray((x @ self.weights).todense()).ravel() + self.intercept
        return dict(zip(self.labels, values.tolist()))


def _keep_largest(weights: np.ndarray, keep: int) -> sparse.csc_matrix:
    """Per label (column) its ``keep`` weights of largest magnitude, as a sparse matrix."""
    rows, cols, values = [], [], []
    for j in range(weights.shape[1]):
        column = weights[:, j]
        top = np.argpartition(-np.abs(column), min(keep, len(column) - 1))[:keep] if len(column) > keep \
            else np.arange(len(column))
        rows.append(top)
        cols.append(np.full(len(top), j))
        values.append(column[top])
    return sparse.csc_matrix((np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))),
                             shape=weights.shape, dtype=np.float32)


def note_features(scores: dict[str, float], code: str) -> tuple[float, float]:
    """(code score, category score) of a dotless code; 0 for a label the model never learned."""
    return scores.get(code, 0.0), scores.get(CATEGORY + code[:3], 0.0)
