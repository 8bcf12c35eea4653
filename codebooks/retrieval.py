"""Code retrieval for note lines: hybrid dense (MiniLM + FAISS) and lexical (BM25) search
over code texts, fused per code, re-ranked (learned features, index-path neighbours) and
specialized along the code hierarchy.

API (docs/contracts.md §4)::

    retriever = Retriever.load()
    retriever.retrieve(["Type 2 diabetes with CKD stage 3"], k=10)
    -> [[Candidate(code="E11.22", description=..., score=..., dense=..., lexical=...), ...]]
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import numpy as np

from chartforge.settings.sections import CodebooksSection
from codebooks import dense_index
from codebooks.bm25 import tokenize, top_per_row
from codebooks.code_index import CodeIndex, FaissSettings, load_or_build
from codebooks.corpus import Recipe, make_recipe
from codebooks.candidate_depths import KEEP_PER_LINE, NEIGHBOURHOOD_CODES
from codebooks.encoders import get_encoder
from codebooks.features import FeatureBuilder
from codebooks.icd10cm import ICD10CM, load_icd10cm
from codebooks.normalize import dotless
from codebooks.path_prior import PathPrior
from codebooks.paths import cache_dir, index_terms_path, index_terms_status
from codebooks.rerank import Specializer
from codebooks.settings import RetrievalSettings

# A specific descendant the line supports outranks its parent by this much per matching word.
SPECIFIC_WORD_BONUS = 0.02
# How far the default child sits from its parent when the line says nothing more: above it
# with ``prefer_billable`` (what a coder needs), below it otherwise (index evaluation, whose
# targets are printed as the index prints them, billable or not).
DERIVED_DEFAULT_GAP = 0.001
# Candidates (per line) that get a descendant offered.
SPECIALIZE_TOP = 5

LEXICAL_CHUNK = 256


def _by_score(item: tuple[str, tuple[float, float, float]]) -> float:
    return -item[1][0]


def _best_first(scores: "Scores") -> "Scores":
    """``scores`` reordered best first; equal scores keep their order (a stable sort)."""
    return dict(sorted(scores.items(), key=_by_score))


def _best_per_code(code_ids: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sorted unique code ids, best score of each): a code scores as its best text."""
    if len(code_ids) == 0:
        return code_ids.astype(np.int64), scores.astype(np.float32)
    order = np.lexsort((-scores, code_ids))
    code_ids, scores = code_ids[order], scores[order]
    first = np.ones(len(code_ids), bool)
    first[1:] = code_ids[1:] != code_ids[:-1]
    return code_ids[first], scores[first].astype(np.float32)

_said: set[str] = set()


def _say_once(message: str) -> None:
    """A missing optional source is reported once per process, in one line (stderr)."""
    if message not in _said:
        _said.add(message)
        logging.getLogger("chartforge.codebooks").warning(message)


Scores = dict[str, tuple[float, float, float]]  # code -> (score, dense cosine, lexical in [0, 1])


@dataclass(frozen=True)
class Candidate:
    code: str
    description: str
    score: float
    dense: float
    lexical: float


class Retriever:
    def __init__(self, index: CodeIndex, codebook: ICD10CM, settings: RetrievalSettings | None = None,
                 encoder=None, reranker=None):
        self.index = index
        self.codebook = codebook
        self.settings = settings or RetrievalSettings()
        self.encoder = encoder
        self.reranker = reranker
        self.specializer = Specializer(codebook)
        index_texts = [(t, c) for t, c, s in zip(index.texts, index.text_codes, index.text_sources) if s == "index"]
        self.path_prior = PathPrior([t for t, _ in index_texts], [c for _, c in index_texts])
        # Dotless code -> dotted code as the index writes it (neighbourhood codes are dotless).
        self._dotted = {dotless(c): c for c in index.code_list}
        self._features: FeatureBuilder | None = None
        self._code_array = np.asarray(index.code_list, dtype=object)
        self._descriptions: dict[str, str] = {}

    @property
    def features(self) -> FeatureBuilder:
        """Word matrices for the re-ranker's features, built on first use (~1-2 s)."""
        if self._features is None:
            index = self.index
            self._features = FeatureBuilder(self.codebook, index.code_list, index.text_code_ids, index.text_sources,
                                            index.bm25.weights, index.bm25.vocabulary)
        return self._features

    @classmethod
    def load(cls, recipe: Recipe | None = None, settings: RetrievalSettings | None = None,
             codebook: ICD10CM | None = None, directory: Path | None = None,
             progress: bool = True, rebuild: bool = False, learned: bool | None = None,
             section: CodebooksSection | None = None) -> "Retriever":
        """The index ``section`` (``[codebooks]`` as handed down; None: the packaged defaults)
        configures, built and cached on first use, and its learned re-ranker."""
        settings = settings or RetrievalSettings.from_section(section.retrieval if section else None)
        directory = directory or cache_dir(section)
        codebook = codebook or load_icd10cm(directory)
        if recipe is None:
            terms = index_terms_path(section)
            if terms is None:
                _say_once(index_terms_status(section))
            recipe = make_recipe(terms)
        encoder = get_encoder(settings.encoder, directory, progress=progress)
        index, _ = load_or_build(codebook, recipe, directory, settings.faiss_settings(),
                                 batch_size=settings.batch_size, progress=progress, rebuild=rebuild,
                                 encoder=encoder)
        retriever = cls(index, codebook, settings, encoder)
        if (settings.learned_rerank if learned is None else learned) and recipe.index_terms_file:
            from codebooks.reranker_training import reranker_for

            retriever.reranker = reranker_for(codebook, recipe, directory, settings, encoder, progress,
                                              retriever_cls=cls)
            if retriever.reranker is None:
                _say_once("learned re-ranker: too few usable index terms to train it; candidates keep their fused order")
        return retriever

    # -- public API -------------------------------------------------------------------
    def retrieve(self, lines: list[str], k: int = 10, *, collapse: str = "code",
                 specialize: bool = True, vectors: np.ndarray | None = None,
                 weights: tuple[float, float] | None = None, learned: bool = True) -> list[list[Candidate]]:
        """Top-``k`` candidates per line, best first (contracts.md §4).

        ``collapse="category"`` merges candidates into their 3-character categories;
        ``specialize`` offers the most specific billable code the line supports (see rerank.py);
        ``vectors`` are precomputed line embeddings (evaluation reuses them across variants);
        ``weights`` = (dense, lexical) overrides the configured fusion weights;
        ``learned=False`` skips the learned re-ranker.
        """
        if not lines:
            return []
        # A batch often repeats a line (list numbers "1.", "No known allergies."): each distinct
        # line is retrieved once (a line's candidates depend on nothing else in the batch).
        distinct = list(dict.fromkeys(lines))
        if len(distinct) < len(lines):
            first = {}
            for i, line in enumerate(lines):
                first.setdefault(line, i)
            found = self.retrieve(distinct, k, collapse=collapse, specialize=specialize,
                                  vectors=None if vectors is None else vectors[[first[d] for d in distinct]],
                                  weights=weights, learned=learned)
            by_line = dict(zip(distinct, found))
            return [list(by_line[line]) for line in lines]
        dense_weight, lexical_weight = weights or (None, None)
        fused = self.fused_scores(lines, vectors=vectors, dense_weight=dense_weight, lexical_weight=lexical_weight)
        per_line = [scores for scores, _ in fused]
        if learned and self.reranker is not None:
            per_line = self._rerank(lines, fused)
        results = []
        for line, scores in zip(lines, per_line):
            # Every stage hands its scores on best first; one that reorders them sorts again.
            reordered = False
            if specialize:
                scores, reordered = self._specialize(line, scores)
            if collapse == "category":
                scores, reordered = self._collapse(scores), True
            if reordered:
                scores = _best_first(scores)
            results.append([Candidate(code, self._description(code), round(float(s), 6),
                                      round(float(d), 6), round(float(l), 6))
                            for code, (s, d, l) in islice(scores.items(), k)])
        return results

    def _description(self, code: str) -> str:
        found = self._descriptions.get(code)
        if found is None:
            found = self._descriptions[code] = self.codebook.description(code)
        return found

    # -- stages -------------------------------------------------------------------------
    def encode(self, lines: list[str]) -> np.ndarray:
        return self.encoder.encode(lines, batch_size=self.settings.batch_size)

    def fused_scores(self, lines: list[str], vectors: np.ndarray | None = None,
                     dense_weight: float | None = None, lexical_weight: float | None = None,
                     ) -> list[tuple[Scores, tuple[dict, dict]]]:
        """Per line: (code -> (fused, dense cosine, lexical in [0, 1]), index-path neighbourhood),
        the codes best first (equal scores in code order)."""
        wd = self.settings.dense_weight if dense_weight is None else dense_weight
        wl = self.settings.lexical_weight if lexical_weight is None else lexical_weight
        codes = self.index.code_list
        text_code = self.index.text_code_ids
        if wd > 0:
            if vectors is None:
                vectors = self.encode(lines)
            dense_sims, dense_ids = dense_index.search(self.index.faiss, vectors, self.settings.dense_depth)
        if wl > 0:
            # In chunks: a line with common words scores tens of thousands of texts, and a
            # whole batch at once would hold gigabytes of sparse scores.
            lexical = []
            for start in range(0, len(lines), LEXICAL_CHUNK):
                chunk = self.index.bm25.scores(lines[start:start + LEXICAL_CHUNK])
                lexical.extend(top_per_row(chunk, self.settings.lexical_depth))
        # Every (line, code) pair as one integer key, so the whole batch is fused at once.
        n_lines, n_codes = len(lines), len(codes)
        floor = np.zeros(n_lines, np.float32)
        dense_keys = lexical_keys = np.zeros(0, np.int64)
        dense_best = lexical_best = np.zeros(0, np.float32)
        if wd > 0:
            valid = dense_ids >= 0
            rows = np.nonzero(valid)[0].astype(np.int64)
            dense_keys, dense_best = _best_per_code(rows * n_codes + text_code[dense_ids[valid]], dense_sims[valid])
            # A code only BM25 found gets the line's lowest dense score retrieved.
            floor = np.where(valid.any(axis=1), np.where(valid, dense_sims, np.inf).min(axis=1), 0.0).astype(np.float32)
        if wl > 0:
            counts = np.fromiter((len(ids) for ids, _ in lexical), np.int64, count=n_lines)
            if counts.sum():
                ids = np.concatenate([ids for ids, _ in lexical])
                tops = np.asarray([vals[0] if len(vals) else 1.0 for _, vals in lexical], np.float32)
                vals = np.concatenate([vals for _, vals in lexical]) / np.repeat(tops, counts)
                rows = np.repeat(np.arange(n_lines, dtype=np.int64), counts)
                lexical_keys, lexical_best = _best_per_code(rows * n_codes + text_code[ids], vals)
        found = np.union1d(dense_keys, lexical_keys)
        row_of = found // n_codes
        d = floor[row_of].astype(np.float32)
        d[np.searchsorted(found, dense_keys)] = dense_best
        l = np.zeros(len(found), np.float32)
        l[np.searchsorted(found, lexical_keys)] = lexical_best
        fused = wd * d + wl * l
        # Later stages only look at the head of each line's list.
        order = np.lexsort((-fused, row_of))
        bounds = np.searchsorted(row_of[order], np.arange(n_lines + 1))
        rank = np.arange(len(order)) - np.repeat(bounds[:-1], np.diff(bounds))
        head = order[rank < max(KEEP_PER_LINE, self.settings.rerank_depth)]
        found, fused, d, l, row_of = found[head], fused[head], d[head], l[head], row_of[head]
        names = self._code_array[found % n_codes].tolist()
        values = list(zip(fused.tolist(), d.tolist(), l.tolist()))
        bounds = np.searchsorted(row_of, np.arange(n_lines + 1)).tolist()
        out = []
        for row in range(n_lines):
            a, b = bounds[row], bounds[row + 1]
            line_scores = dict(zip(names[a:b], values[a:b]))
            path = self._add_path_prior(lines[row], line_scores, wd * float(floor[row]))
            out.append((line_scores, path))
        return out

    def _add_path_prior(self, line: str, scores: Scores, base: float) -> tuple[dict, dict]:
        """Add and boost the codes the line's index-path neighbours point to (path_prior.py)."""
        if "," not in line:
            return {}, {}
        categories, neighbour_codes = self.path_prior.neighbourhood(line)
        if not categories:
            return {}, {}
        top = sorted(neighbour_codes, key=neighbour_codes.get, reverse=True)[:NEIGHBOURHOOD_CODES]
        # ``scores`` arrives best first; it stays so when the added codes score no higher than
        # its last code (they usually tie with it at the line's dense floor) and nothing is boosted.
        lowest = next(reversed(scores.values()))[0] if scores else base
        reorder = base > lowest
        for key in top:
            code = self._dotted.get(key)
            if code and code not in scores:
                scores[code] = (base, base, 0.0)
        wp, wc = self.settings.path_prior_weight, self.settings.path_code_weight
        if wp or wc:
            for code, (fused, d, l) in list(scores.items()):
                key = dotless(code)
                boost = wp * categories.get(key[:3], 0.0) + wc * neighbour_codes.get(key, 0.0)
                if boost:
                    scores[code] = (fused + boost, d, l)
                    reorder = True
        if reorder:
            ordered = _best_first(scores)
            scores.clear()
            scores.update(ordered)
        return categories, neighbour_codes

    def _heads(self, fused: list[tuple[Scores, tuple[dict, dict]]], depth: int):
        return [list(islice(scores.items(), depth)) for scores, _ in fused]  # already best first

    def feature_lists(self, lines: list[str], vectors: np.ndarray | None = None, depth: int | None = None):
        """(features, codes) of each line's top candidates (re-ranker training)."""
        fused = self.fused_scores(lines, vectors=vectors)
        heads = self._heads(fused, depth or self.settings.rerank_depth)
        rows = self.features.batch(lines, heads, [path for _, path in fused])
        out, offset = [], 0
        for ranked in heads:
            out.append((rows[offset:offset + len(ranked)], [code for code, _ in ranked]))
            offset += len(ranked)
        return out

    def _rerank(self, lines: list[str], fused: list[tuple[Scores, tuple[dict, dict]]]) -> list[Scores]:
        """Learned scores for each line's head candidates. One feature pass and one model call
        for the whole batch: per-line calls cost ~1.5 s each on a busy 2-core machine (the tree
        predictor starts its OpenMP threads per call), which made 10k lines take hours."""
        heads = self._heads(fused, self.reranker.depth)
        features = self.features.batch(lines, heads, [path for _, path in fused])
        probabilities = self.reranker.scores(features, [len(ranked) for ranked in heads])
        out, offset = [], 0
        for (scores, _), ranked in zip(fused, heads):
            if not ranked:
                out.append(scores)
                continue
            mine = probabilities[offset:offset + len(ranked)]
            offset += len(ranked)
            # best first, equal scores in their fused order (a stable sort, as sorted() would)
            order = np.argsort(-mine, kind="stable").tolist()
            mine = mine.tolist()
            out.append({ranked[i][0]: (mine[i], ranked[i][1][1], ranked[i][1][2]) for i in order})
        return out

    def _specialize(self, line: str, scores: Scores) -> tuple[Scores, bool]:
        """``scores`` (best first) with the best billable descendant of each of the top
        candidates that is not billable itself added or raised (then no longer best first:
        the flag says so)."""
        words = set(tokenize(line))
        out = dict(scores)
        changed = False
        for code, (score, dense, lexical) in list(islice(scores.items(), SPECIALIZE_TOP)):
            if self.codebook.is_billable(code):
                continue
            found = self.specializer.best_descendant(code, words)
            if found is None:
                continue
            child, matched = found
            if matched:
                derived = score + SPECIFIC_WORD_BONUS * matched
            else:  # the line says nothing more: the default child just above or below its parent
                derived = score + (DERIVED_DEFAULT_GAP if self.settings.prefer_billable else -DERIVED_DEFAULT_GAP)
            if derived > out.get(child, (-1.0,))[0]:
                out[child] = (derived, dense, lexical)
                changed = True
        return out, changed

    def _collapse(self, scores: Scores) -> Scores:
        out: Scores = {}
        for code, value in scores.items():
            entry = self.codebook.get(code)
            category = entry.category if entry and entry.category else code[:3]
            if value[0] > out.get(category, (-1.0,))[0]:
                out[category] = value
        return out
