"""Features of a (line, candidate code) pair for the learned re-ranker.

Each feature is a cheap, explainable signal a coder would use: how much of the line the
code's title covers, how much of the title the line covers, laterality agreement, how
specific the code is, whether the index-path neighbours point at it, and the retrievers'
own scores and rank.
"""

from __future__ import annotations

import math

import numpy as np

from codebooks.bm25 import tokenize
from codebooks.icd10cm import ICD10CM
from codebooks.normalize import dotless

FEATURES = (
    "fused", "dense", "lexical", "log_rank", "gap_to_top",
    "line_in_title", "title_in_line", "line_in_texts", "line_in_lineage", "extra_title_words",
    "path_category", "path_code", "billable", "code_length", "unspecified", "other",
    "line_nec", "line_nos", "laterality", "line_parts", "line_words",
)
_SIDES = {"left": "left", "right": "right", "bilateral": "bilateral"}


def _side(words: set[str]) -> str | None:
    found = {side for word, side in _SIDES.items() if word in words}
    return found.pop() if len(found) == 1 else None


class FeatureBuilder:
    def __init__(self, codebook: ICD10CM, code_texts: dict[str, list[str]]):
        self.codebook = codebook
        self._title: dict[str, frozenset[str]] = {}
        self._lineage: dict[str, frozenset[str]] = {}
        # Word sets are built on first use: tokenizing every index text up front costs seconds.
        self._code_texts = code_texts
        self._texts: dict[str, frozenset[str]] = {}

    def title_words(self, code: str) -> frozenset[str]:
        words = self._title.get(code)
        if words is None:
            words = self._title[code] = frozenset(tokenize(self.codebook.description(code)))
        return words

    def text_words(self, code: str) -> frozenset[str]:
        words = self._texts.get(code)
        if words is None:
            words = self._texts[code] = frozenset(w for t in self._code_texts.get(code, ()) for w in tokenize(t))
        return words

    def lineage_words(self, code: str) -> frozenset[str]:
        words = self._lineage.get(code)
        if words is None:
            words = frozenset().union(*(self.title_words(e.code) for e in self.codebook.lineage(code)
                                        if e.kind not in ("chapter", "block")))
            self._lineage[code] = words
        return words

    def rows(self, line: str, ranked: list[tuple[str, tuple[float, float, float]]],
             path: tuple[dict, dict]) -> np.ndarray:
        words = set(tokenize(line))
        n_words = max(len(words), 1)
        raw = line.lower()
        side = _side(words)
        categories, neighbour_codes = path
        top = ranked[0][1][0] if ranked else 0.0
        out = np.zeros((len(ranked), len(FEATURES)), np.float32)
        for i, (code, (fused, dense, lexical)) in enumerate(ranked):
            title = self.title_words(code)
            key = dotless(code)
            code_side = _side(title)
            entry = self.codebook.get(code)
            out[i] = (
                fused, dense, lexical, math.log1p(i), top - fused,
                len(words & title) / n_words,
                len(words & title) / max(len(title), 1),
                len(words & self.text_words(code)) / n_words,
                len(words & self.lineage_words(code)) / n_words,
                len(title - words),
                categories.get(key[:3], 0.0), neighbour_codes.get(key, 0.0),
                float(bool(entry and entry.billable)), len(key),
                float("unspecified" in title), float("other" in title),
                float(" nec" in raw), float(" nos" in raw),
                0.0 if side is None or code_side is None else (1.0 if side == code_side else -1.0),
                raw.count(",") + 1, len(words),
            )
        return out
