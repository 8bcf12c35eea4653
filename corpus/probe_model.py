"""The probe's coder: TF-IDF word n-grams + one ridge-regression classifier per code
(one-vs-rest, solved for every code at once).

Small and fast on purpose (seconds for CodiEsp train, a minute or two for 5,000 notes on 2
cores; one liblinear logistic regression per code took ~0.5 s each, 10x slower, for no gain
here): it measures what a corpus teaches, not how well a large model can code. Both probes (trained on the corpus and
trained on real notes) use this class with the same settings, so their ratio compares
training data only.

How a document's codes are chosen: every code whose score reaches a threshold, and at
least the top one (scores are the ridge outputs, fitted to 0/1 targets). The threshold is picked from the *training source's own* held-out part
(a fifth of its documents, by a hash of the document id), the one that maximizes exact
micro-F1 there; the model is then refitted on all of it. Real notes never choose the
threshold of the corpus-trained probe: a trainer without real coded notes could not either.
The held-out fifth is drawn by *split group* when the source has groups (a synthetic run's
generation group, a version's group hash): an augmented pair repeats the text of two notes
of its group, and with a held-out part drawn by note the pair's halves sat in the fitted part
while the pair was scored, so the held-out scores were inflated and a too-high threshold
won (1,000-note run: threshold .30 by note, .20 by group; ratio on CodiEsp dev .243 -> .381).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy import sparse

THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6)


@dataclass(frozen=True)
class ModelSettings:
    min_label_documents: int = 2  # a code is learned when this many training documents carry it
    max_features: int = 50_000
    ngram_max: int = 1
    alpha: float = 0.5  # ridge regularization
    holdout_fraction: float = 0.2


def micro_f1(gold: list[set[str]], predicted: list[set[str]], chars: int | None = None) -> dict:
    """Micro P/R/F1 over documents; ``chars`` = 3 compares categories."""
    tp = fp = fn = 0
    for g, p in zip(gold, predicted):
        if chars:
            g, p = {c[:chars] for c in g}, {c[:chars] for c in p}
        tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "fp": fp, "fn": fn}


def held_out(doc_id: str, fraction: float) -> bool:
    """A stable fifth (by default) of a source's documents, whatever their order."""
    return int(hashlib.sha256(doc_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < fraction


def held_out_documents(ids: list[str], groups: list[str] | None, fraction: float) -> list[bool]:
    """Which documents form the held-out part: whole groups (by a hash of the group), or single
    documents when ``groups`` is None."""
    keys = groups if groups is not None else ids
    if len(keys) != len(ids):
        raise ValueError("groups must give one group per document")
    return [held_out(k, fraction) for k in keys]


class ProbeModel:
    def __init__(self, settings: ModelSettings | None = None):
        self.settings = settings or ModelSettings()
        self.labels: list[str] = []
        self.threshold = 0.5

    # -- training -------------------------------------------------------------------------
    def _fit(self, texts: list[str], codes: list[set[str]]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import Ridge

        s = self.settings
        counts = Counter(c for doc in codes for c in doc)
        self.labels = sorted(c for c, n in counts.items() if n >= s.min_label_documents)
        if not self.labels:
            return
        column = {label: j for j, label in enumerate(self.labels)}
        targets = np.zeros((len(texts), len(self.labels)), np.float32)
        for i, doc in enumerate(codes):
            targets[i, [column[c] for c in doc if c in column]] = 1.0
        self.vectorizer = TfidfVectorizer(ngram_range=(1, s.ngram_max), min_df=2, max_features=s.max_features,
                                          sublinear_tf=True, dtype=np.float32)
        x = sparse.csr_matrix(self.vectorizer.fit_transform(texts))
        self.model = Ridge(alpha=s.alpha).fit(x, targets)

    def scores(self, texts: list[str]) -> np.ndarray:
        if not self.labels:
            return np.zeros((len(texts), 0), np.float32)
        return np.asarray(self.model.predict(sparse.csr_matrix(self.vectorizer.transform(texts))), np.float32)

    def _decide(self, scores: np.ndarray, threshold: float) -> list[set[str]]:
        out = []
        for row in scores:
            chosen = set(np.flatnonzero(row >= threshold).tolist())
            if len(row):
                chosen.add(int(row.argmax()))
            out.append({self.labels[j] for j in chosen})
        return out

    def fit(self, ids: list[str], texts: list[str], codes: list[set[str]],
            groups: list[str] | None = None) -> "ProbeModel":
        """Choose the threshold on the held-out part, then refit on every document. ``groups``:
        each document's split group (documents of one group are held out together); None =
        every document its own group."""
        holdout = held_out_documents(ids, groups, self.settings.holdout_fraction)
        train = [k for k, h in enumerate(holdout) if not h]
        tune = [k for k, h in enumerate(holdout) if h]
        if train and tune:
            self._fit([texts[k] for k in train], [codes[k] for k in train])
            scores = self.scores([texts[k] for k in tune])
            gold = [codes[k] for k in tune]
            self.threshold = max(THRESHOLDS, key=lambda t: (micro_f1(gold, self._decide(scores, t))["f1"], -t))
        self._fit(texts, codes)
        return self

    def predict(self, texts: list[str]) -> list[set[str]]:
        return self._decide(self.scores(texts), self.threshold)
