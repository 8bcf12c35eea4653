"""Okapi BM25 over short code texts, on scipy sparse matrices (no extra dependency).

Documents are stored as a CSR matrix of per-term BM25 weights, so scoring a batch of
queries is one sparse product: ``scores = Q @ W.T`` with Q the queries' term indicators.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse

_TOKEN = re.compile(r"[a-z0-9]+")
STOPWORDS_FILE = Path(__file__).with_name("data") / "stopwords.txt"


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    # Plural folding only: "fractures"/"fracture", "kidneys"/"kidney". Heavier stemming
    # merges clinically different words (e.g. "arteritis"/"artery").
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=65_536)
def tokenize(text: str) -> tuple[str, ...]:
    """Lower-cased, stop-word-free, plural-folded words. Cached: retrieval tokenizes each
    line in several stages (BM25, features, specialization)."""
    stop = stopwords()
    return tuple(_stem(t) for t in _TOKEN.findall(text.lower()) if t not in stop)



def word_presence_matrix(texts: list[str], vocabulary: dict[str, int], width: int) -> sparse.csr_matrix:
    """Texts x words, 1 where a known word occurs (an unknown word can match nothing)."""
    rows, cols = [], []
    for row, text in enumerate(texts):
        for word in set(tokenize(text)):
            index = vocabulary.get(word)
            if index is not None:
                rows.append(row)
                cols.append(index)
    return sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(len(texts), width))

class BM25:
    def __init__(self, k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.vocabulary: dict[str, int] = {}
        self.weights: sparse.csr_matrix | None = None  # docs x terms
        self._by_term: sparse.csr_matrix | None = None  # terms x docs, for scoring

    def fit(self, documents: list[str]) -> "BM25":
        rows, cols, counts = [], [], []
        for doc_id, text in enumerate(documents):
            tokens = tokenize(text)
            for term in set(tokens):
                rows.append(doc_id)
                cols.append(self.vocabulary.setdefault(term, len(self.vocabulary)))
                counts.append(tokens.count(term))
        n_docs = len(documents)
        tf = sparse.csr_matrix((np.asarray(counts, np.float32), (rows, cols)),
                               shape=(n_docs, len(self.vocabulary)))
        lengths = np.asarray(tf.sum(axis=1)).ravel()
        avg = lengths.mean() if n_docs else 1.0
        df = np.bincount(tf.indices, minlength=tf.shape[1])
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = self.k1 * (1 - self.b + self.b * lengths / max(avg, 1e-9))
        tf = tf.tocoo()
        values = tf.data * (self.k1 + 1) / (tf.data + norm[tf.row]) * idf[tf.col]
        self.weights = sparse.csr_matrix((values.astype(np.float32), (tf.row, tf.col)), shape=tf.shape)
        self._by_term = None
        return self

    def query_matrix(self, queries: list[str]) -> sparse.csr_matrix:
        return word_presence_matrix(queries, self.vocabulary, len(self.vocabulary))

    def scores(self, queries: list[str]) -> sparse.csr_matrix:
        """queries x documents BM25 scores (sparse: only documents sharing a term)."""
        if self._by_term is None:  # transposed once: per call it cost ~0.05 s per chunk
            self._by_term = self.weights.T.tocsr()
        return (self.query_matrix(queries) @ self._by_term).tocsr()

    def save(self, path: Path) -> None:
        sparse.save_npz(path.with_suffix(".npz"), self.weights)
        terms = sorted(self.vocabulary, key=self.vocabulary.get)
        path.with_suffix(".vocab").write_text("\n".join(terms), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "BM25":
        model = cls()
        model.weights = sparse.load_npz(path.with_suffix(".npz")).tocsr()
        terms = path.with_suffix(".vocab").read_text(encoding="utf-8").split("\n")
        model.vocabulary = {t: i for i, t in enumerate(terms)}
        return model


def top_per_row(matrix: sparse.csr_matrix, depth: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(document ids, scores) of each row's ``depth`` best entries, best first."""
    out = []
    for row in range(matrix.shape[0]):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        ids, vals = matrix.indices[start:end], matrix.data[start:end]
        if len(vals) > depth:
            keep = np.argpartition(-vals, depth)[:depth]
            ids, vals = ids[keep], vals[keep]
        order = np.argsort(-vals, kind="stable")
        out.append((ids[order], vals[order]))
    return out
