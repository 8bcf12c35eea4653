"""Features of (line, candidate code) pairs for the learned re-ranker, a whole batch at once.

Each feature is a cheap, explainable signal a coder would use: how much of the line the
code's title (its texts, its ancestors' titles) covers and the reverse, whether the last,
most specific part of an index path is covered, laterality and with/without agreement, how
specific the code is, where the index-path neighbours point (the code, its parent, its
subtree, its category), evidence for the code's relatives among the candidates (parent,
children, same category), and the retrievers' own scores and ranks.

Word overlaps are sparse products over one vocabulary (the BM25 one): codes x words
matrices for titles, all texts and lineage titles, lines x words for the query. A batch of
100k pairs is then a few vectorized operations instead of 100k Python set intersections.
"""

from __future__ import annotations

import re

import numpy as np
from scipy import sparse

from codebooks.bm25 import tokenize, word_presence_matrix
from codebooks.icd10cm import ICD10CM
from codebooks.normalize import dotless

# Bumped whenever a feature's meaning changes: it is part of the re-ranker's cache key.
FEATURES_VERSION = 3
FEATURES = (
    "fused", "dense", "lexical", "log_rank", "gap_to_top", "log_dense_rank", "log_lexical_rank",
    "line_in_title", "title_in_line", "line_in_texts", "line_in_lineage", "extra_title_words",
    "last_in_title", "last_in_texts", "first_in_texts",
    "path_category", "path_code", "path_parent", "path_subtree",
    "billable", "code_length", "unspecified", "other", "log_index_texts",
    "line_nec", "line_nos", "laterality", "without_conflict", "line_parts", "line_words",
    "parent_best", "child_best", "category_best", "category_share",
    "line_in_title_stem", "title_in_line_stem", "line_in_texts_stem", "extra_title_required",
)
# Word stems for the *_stem overlaps: the first STEM_CHARS letters, so an index term's
# adjective finds the title's noun ("malarial"/"malaria", "infundibulum"/"infundibular",
# "atrophic"/"atrophy", "hemorrhagic"/"hemorrhage"). Six letters keep "hyperkalemia" apart
# from "hypertension"; the exact-word overlaps stay beside them, so the model weighs both.
STEM_CHARS = 6
_SIDES = {"left": 1, "right": 2, "bilateral": 3}
# "without X" or "not X" in a text: X is negated (the words up to the next comma or "with"):
# "Epileptic spasms, not intractable, without status epilepticus".
_WITHOUT = re.compile(r"\b(?:without|not)\b([^,;]*?)(?=\bwith\b|[,;]|$)")

Path = tuple[dict, dict]  # (share per category, share per dotless code) from path_prior.py
Ranked = list[tuple[str, tuple[float, float, float]]]


def _split_without(text: str) -> tuple[str, str]:
    """(text without its "without ..." phrases, the negated phrases)."""
    negated = " ".join(m.group(1) for m in _WITHOUT.finditer(text.lower()))
    return _WITHOUT.sub(" ", text.lower()), negated


def _binary(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    out = matrix.tocsr(copy=True)
    out.data[:] = 1.0
    out.sum_duplicates()
    out.data[:] = 1.0
    return out.astype(np.float32)


def _pair_overlap(lines: sparse.csr_matrix, codes: sparse.csr_matrix, li: np.ndarray, ci: np.ndarray) -> np.ndarray:
    """|words(line li[j]) & words(code ci[j])| for every pair j."""
    if len(li) == 0:
        return np.zeros(0, np.float32)
    return np.asarray(lines[li].multiply(codes[ci]).sum(axis=1), np.float32).ravel()


class FeatureBuilder:
    """Feature rows for candidates among ``codes`` (the index's code list)."""

    def __init__(self, codebook: ICD10CM, codes: list[str], text_code_ids: np.ndarray, text_sources: list[str],
                 doc_terms: sparse.csr_matrix, vocabulary: dict[str, int], texts: list[str] | None = None):
        self.codebook = codebook
        self.codes = codes
        self.position = {c: i for i, c in enumerate(codes)}
        self.vocabulary = dict(vocabulary)
        n_codes = len(codes)
        sources = np.asarray(text_sources)
        owner = sparse.csr_matrix((np.ones(len(text_code_ids), np.float32), (text_code_ids, np.arange(len(text_code_ids)))),
                                  shape=(n_codes, len(text_code_ids)))
        self.text_words = _binary(owner @ _binary(doc_terms))
        # Titles: tokenized here (the Tabular title is always known, even without a
        # "description" text in a small index); words outside the vocabulary extend it.
        self.title_words = self._word_matrix([codebook.description(c) for c in codes])
        self.text_words = self._pad(self.text_words)
        self.title_len = np.asarray(self.title_words.sum(axis=1), np.float32).ravel()
        negated = [_split_without(codebook.description(c))[1] for c in codes]
        self.without_words = self._word_matrix(negated)
        self.title_words, self.text_words = self._pad(self.title_words), self._pad(self.text_words)
        keys = [dotless(c) for c in codes]
        by_key = {k: i for i, k in enumerate(keys)}
        self.parent = np.full(n_codes, -1, np.int64)
        rows, cols = list(range(n_codes)), list(range(n_codes))
        for i, key in enumerate(keys):
            for j in range(len(key) - 1, 2, -1):  # proper prefixes, nearest first
                found = by_key.get(key[:j])
                if found is not None:
                    rows.append(i)
                    cols.append(found)
                    if self.parent[i] < 0:
                        self.parent[i] = found
        ancestors = sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(n_codes, n_codes))
        self.lineage_words = _binary(ancestors @ self.title_words)
        # Ancestor chain per code (nearest first, -1 padded) for evidence propagation.
        chain = [self.parent]
        while len(chain) < 6 and (chain[-1] >= 0).any():
            previous = chain[-1]
            chain.append(np.where(previous >= 0, self.parent[np.maximum(previous, 0)], -1))
        self.ancestors = np.stack(chain, axis=1) if n_codes else np.zeros((0, 1), np.int64)
        self.keys = keys
        self.category = np.unique(np.asarray([k[:3] for k in keys]), return_inverse=True)[1] if keys else np.zeros(0, np.int64)
        self.billable = np.asarray([bool((e := codebook.get(c)) and e.billable) for c in codes], np.float32)
        self.code_length = np.asarray([len(k) for k in keys], np.float32)
        vocab = self.vocabulary
        self.unspecified = self._has_word(vocab.get("unspecified"))
        self.other = self._has_word(vocab.get("other"))
        index_texts = np.bincount(text_code_ids[sources == "index"], minlength=n_codes) if len(sources) else np.zeros(n_codes)
        self.log_index_texts = np.log1p(index_texts).astype(np.float32)
        self._side_ids = {vocab[w]: s for w, s in _SIDES.items() if w in vocab}
        self.code_side = self._sides(self.title_words)
        # Title words a code requires: outside its "without"/"not" phrases (those are the
        # default a silent line gets: E05.20 "... without thyrotoxic crisis").
        self.required_words = self._pad(self._word_matrix([_split_without(codebook.description(c))[0] for c in codes]))
        self.required_len = np.asarray(self.required_words.sum(axis=1), np.float32).ravel()
        self._stem_of = self._stem_map()
        self.title_stems = _binary(self.title_words @ self._stem_of)
        self.text_stems = _binary(self.text_words @ self._stem_of)
        self.title_stem_len = np.asarray(self.title_stems.sum(axis=1), np.float32).ravel()

    @classmethod
    def from_texts(cls, codebook: ICD10CM, texts_by_code: dict[str, list[str]]) -> "FeatureBuilder":
        """A builder over a handful of codes (tests): its own vocabulary from the texts."""
        from codebooks.bm25 import BM25

        codes = list(texts_by_code)
        texts = [t for c in codes for t in texts_by_code[c]]
        ids = np.asarray([i for i, c in enumerate(codes) for _ in texts_by_code[c]], np.int64)
        bm25 = BM25().fit(texts)
        return cls(codebook, codes, ids, ["index"] * len(texts), bm25.weights, bm25.vocabulary)

    # -- word matrices ----------------------------------------------------------------
    def _word_matrix(self, texts: list[str]) -> sparse.csr_matrix:
        rows, cols = [], []
        for row, text in enumerate(texts):
            for word in set(tokenize(text)):
                rows.append(row)
                cols.append(self.vocabulary.setdefault(word, len(self.vocabulary)))
        return sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)),
                                 shape=(len(texts), max(len(self.vocabulary), 1)))

    def _pad(self, matrix: sparse.csr_matrix) -> sparse.csr_matrix:
        width = max(len(self.vocabulary), 1)
        if matrix.shape[1] == width:
            return matrix
        return sparse.csr_matrix((matrix.data, matrix.indices, matrix.indptr), shape=(matrix.shape[0], width))

    def _stem_map(self) -> sparse.csr_matrix:
        """words x stems indicator over the vocabulary as it stands once every word matrix is
        built; ``self._stem_ids`` names the stems (a line's words are stemmed directly, so a
        word no code text uses still finds its stem: "malarial" -> "malari")."""
        width = max(len(self.vocabulary), 1)
        self._stem_ids: dict[str, int] = {}
        rows = np.fromiter(self.vocabulary.values(), np.int64, count=len(self.vocabulary))
        cols = np.fromiter((self._stem_ids.setdefault(w[:STEM_CHARS], len(self._stem_ids)) for w in self.vocabulary),
                           np.int64, count=len(self.vocabulary))
        return sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)),
                                 shape=(width, max(len(self._stem_ids), 1)))

    def _stem_matrix(self, texts: list[str]) -> sparse.csr_matrix:
        """Texts x stems, 1 where a word of the text has a stem some code text has."""
        rows, cols = [], []
        for row, text in enumerate(texts):
            for stem in {word[:STEM_CHARS] for word in tokenize(text)}:
                index = self._stem_ids.get(stem)
                if index is not None:
                    rows.append(row)
                    cols.append(index)
        return sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)),
                                 shape=(len(texts), self._stem_of.shape[1]))

    def _query_matrix(self, texts: list[str]) -> sparse.csr_matrix:
        return word_presence_matrix(texts, self.vocabulary, max(len(self.vocabulary), 1))

    def _sides(self, words: sparse.csr_matrix) -> np.ndarray:
        """1 left, 2 right, 3 bilateral when exactly one side word occurs, else 0."""
        if not self._side_ids:
            return np.zeros(words.shape[0], np.int8)
        ids = list(self._side_ids)
        flags = np.asarray(words[:, ids].todense()) > 0
        sides = np.asarray([self._side_ids[i] for i in ids], np.int8)
        return np.where(flags.sum(axis=1) == 1, (flags * sides).sum(axis=1), 0).astype(np.int8)

    def _has_word(self, word_id: int | None) -> np.ndarray:
        if word_id is None or word_id >= self.title_words.shape[1]:
            return np.zeros(len(self.codes), np.float32)
        return np.asarray(self.title_words[:, word_id].todense(), np.float32).ravel()

    # -- rows ---------------------------------------------------------------------------
    def rows(self, line: str, ranked: Ranked, path: Path) -> np.ndarray:
        return self.batch([line], [ranked], [path])

    def batch(self, lines: list[str], ranked: list[Ranked], paths: list[Path]) -> np.ndarray:
        """Feature rows of every (line, candidate) pair, lines in order, candidates in order."""
        counts = np.asarray([len(r) for r in ranked], np.int64)
        total = int(counts.sum())
        out = np.zeros((total, len(FEATURES)), np.float32)
        if total == 0:
            return out
        li = np.repeat(np.arange(len(lines)), counts)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        rank = np.arange(total) - np.repeat(starts, counts)
        ci = np.fromiter((self.position[code] for r in ranked for code, _ in r), np.int64, count=total)
        values = np.asarray([v for r in ranked for _, v in r], np.float32).reshape(total, 3)
        fused, dense, lexical = values[:, 0], values[:, 1], values[:, 2]
        col = {name: i for i, name in enumerate(FEATURES)}

        def put(name, value):
            out[:, col[name]] = value

        put("fused", fused)
        put("dense", dense)
        put("lexical", lexical)
        put("log_rank", np.log1p(rank))
        put("gap_to_top", np.repeat(fused[starts], counts) - fused)
        put("log_dense_rank", np.log1p(_rank_within(li, dense)))
        put("log_lexical_rank", np.log1p(_rank_within(li, lexical)))

        positive, negated = zip(*(_split_without(line) for line in lines))
        words = self._query_matrix(list(lines))
        n_words = np.maximum(np.asarray([len(set(tokenize(line))) for line in lines], np.float32), 1.0)[li]
        in_title = _pair_overlap(words, self.title_words, li, ci)
        put("line_in_title", in_title / n_words)
        put("title_in_line", in_title / np.maximum(self.title_len[ci], 1.0))
        put("line_in_texts", _pair_overlap(words, self.text_words, li, ci) / n_words)
        put("line_in_lineage", _pair_overlap(words, self.lineage_words, li, ci) / n_words)
        put("extra_title_words", self.title_len[ci] - in_title)
        put("extra_title_required", self.required_len[ci] - _pair_overlap(words, self.required_words, li, ci))
        stems = self._stem_matrix(list(lines))
        n_stems = np.maximum(np.asarray([len({w[:STEM_CHARS] for w in tokenize(line)}) for line in lines],
                                        np.float32), 1.0)[li]
        stem_in_title = _pair_overlap(stems, self.title_stems, li, ci)
        put("line_in_title_stem", stem_in_title / n_stems)
        put("title_in_line_stem", stem_in_title / np.maximum(self.title_stem_len[ci], 1.0))
        put("line_in_texts_stem", _pair_overlap(stems, self.text_stems, li, ci) / n_stems)

        parts = [[p for p in line.split(",") if p.strip()] or [line] for line in lines]
        last = self._query_matrix([p[-1] for p in parts])
        first = self._query_matrix([p[0] for p in parts])
        n_last = np.maximum(np.asarray(last.sum(axis=1), np.float32).ravel(), 1.0)[li]
        n_first = np.maximum(np.asarray(first.sum(axis=1), np.float32).ravel(), 1.0)[li]
        put("last_in_title", _pair_overlap(last, self.title_words, li, ci) / n_last)
        put("last_in_texts", _pair_overlap(last, self.text_words, li, ci) / n_last)
        put("first_in_texts", _pair_overlap(first, self.lineage_words, li, ci) / n_first)

        # "with X" in the line against "without X" in the title, and the reverse.
        said = self._query_matrix(list(positive))
        denied = self._query_matrix(list(negated))
        conflict = _pair_overlap(said, self.without_words, li, ci) + \
            _pair_overlap(denied, self.title_words, li, ci) - _pair_overlap(denied, self.without_words, li, ci)
        put("without_conflict", conflict)

        put("billable", self.billable[ci])
        put("code_length", self.code_length[ci])
        put("unspecified", self.unspecified[ci])
        put("other", self.other[ci])
        put("log_index_texts", self.log_index_texts[ci])
        raw = [line.lower() for line in lines]
        put("line_nec", np.asarray([" nec" in r for r in raw], np.float32)[li])
        put("line_nos", np.asarray([" nos" in r for r in raw], np.float32)[li])
        put("line_parts", np.asarray([len(p) for p in parts], np.float32)[li])
        put("line_words", n_words)
        line_side = self._sides(words)[li]
        code_side = self.code_side[ci]
        put("laterality", np.where((line_side == 0) | (code_side == 0), 0.0, np.where(line_side == code_side, 1.0, -1.0)))

        self._path_features(out, col, li, ci, paths)
        self._relatives(out, col, li, ci, fused, counts)
        return out

    def _path_features(self, out, col, li, ci, paths: list[Path]) -> None:
        """Index-path neighbourhood shares for the code, its parent and its subtree."""
        if not any(categories for categories, _ in paths):
            return
        subtree_share: list[dict[str, float]] = []
        for _, neighbour_codes in paths:
            shares: dict[str, float] = {}
            for key, share in neighbour_codes.items():
                for j in range(3, len(key) + 1):
                    shares[key[:j]] = shares.get(key[:j], 0.0) + share
            subtree_share.append(shares)
        keys = self.keys
        parents = self.parent
        for j, (line, code) in enumerate(zip(li.tolist(), ci.tolist())):
            categories, neighbour_codes = paths[line]
            if not categories:
                continue
            key = keys[code]
            out[j, col["path_category"]] = categories.get(key[:3], 0.0)
            out[j, col["path_code"]] = neighbour_codes.get(key, 0.0)
            out[j, col["path_subtree"]] = subtree_share[line].get(key, 0.0)
            parent = parents[code]
            if parent >= 0:
                out[j, col["path_parent"]] = subtree_share[line].get(keys[parent], 0.0)

    def _relatives(self, out, col, li, ci, fused, counts) -> None:
        """Best fused score among the candidate's ancestors, its descendants and its category
        in the same line's list: evidence propagates along the hierarchy. Vectorized over
        (line, code) keys: ``line * n_codes + code``."""
        n_codes = len(self.codes)
        pair = li.astype(np.int64) * n_codes + ci
        order = np.argsort(pair, kind="stable")
        sorted_pairs = pair[order]
        parent_best = np.zeros(len(ci), np.float32)
        child_best = np.zeros(len(ci), np.float32)
        for level in range(self.ancestors.shape[1]):
            ancestor = self.ancestors[ci, level]
            has = ancestor >= 0
            if not has.any():
                break
            wanted = li[has].astype(np.int64) * n_codes + ancestor[has]
            # The ancestor as a candidate of the same line: its score lifts this code.
            at = np.minimum(np.searchsorted(sorted_pairs, wanted), len(sorted_pairs) - 1)
            found = sorted_pairs[at] == wanted
            idx = np.flatnonzero(has)[found]
            parent_best[idx] = np.maximum(parent_best[idx], fused[order[at[found]]])
            # This code's score lifts the ancestor, when the ancestor is a candidate too.
            np.maximum.at(child_best, order[at[found]], fused[idx])
        out[:, col["parent_best"]] = parent_best
        out[:, col["child_best"]] = child_best
        group = li.astype(np.int64) * (int(self.category.max()) + 1 if len(self.category) else 1) + self.category[ci]
        _, inverse, group_counts = np.unique(group, return_inverse=True, return_counts=True)
        best = np.full(len(group_counts), -np.inf, np.float32)
        np.maximum.at(best, inverse, fused)
        out[:, col["category_best"]] = best[inverse]
        out[:, col["category_share"]] = group_counts[inverse] / counts[li]


def _rank_within(line_ids: np.ndarray, values: np.ndarray) -> np.ndarray:
    """0-based rank of each value (descending) within its line."""
    order = np.lexsort((-values, line_ids))
    ranks = np.empty(len(values), np.int64)
    sorted_lines = line_ids[order]
    first = np.searchsorted(sorted_lines, sorted_lines, side="left")
    ranks[order] = np.arange(len(values)) - first
    return ranks
