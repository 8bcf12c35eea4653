"""Code retrieval for note lines: hybrid dense (MiniLM + FAISS) and lexical (BM25) search
over code texts, fused per code and re-ranked along the code hierarchy.

API (docs/contracts.md §4)::

    retriever = Retriever.load()
    retriever.retrieve(["Type 2 diabetes with CKD stage 3"], k=10)
    -> [[Candidate(code="E11.22", description=..., score=..., dense=..., lexical=...), ...]]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from codebooks import dense_index
from codebooks.bm25 import tokenize, top_per_row
from codebooks.code_index import CodeIndex, FaissSettings, load_or_build
from codebooks.corpus import Recipe, make_recipe
from codebooks.encoder import encode
from codebooks.icd10cm import ICD10CM, load_icd10cm
from codebooks.paths import cache_dir, index_terms_path
from codebooks.rerank import Specializer
from codebooks.settings import RetrievalSettings

# A specific descendant the line supports outranks its parent by this much per matching word.
SPECIFIC_WORD_BONUS = 0.02
# Below its parent when the line says nothing more (still in the list for the billable need).
DERIVED_DEFAULT_GAP = 0.001
# Candidates (per line) that get a descendant offered: re-ranking is the slow part.
SPECIALIZE_TOP = 15


@dataclass(frozen=True)
class Candidate:
    code: str
    description: str
    score: float
    dense: float
    lexical: float


class Retriever:
    def __init__(self, index: CodeIndex, codebook: ICD10CM, settings: RetrievalSettings | None = None):
        self.index = index
        self.codebook = codebook
        self.settings = settings or RetrievalSettings()
        self.specializer = Specializer(codebook)

    @classmethod
    def load(cls, recipe: Recipe | None = None, settings: RetrievalSettings | None = None,
             codebook: ICD10CM | None = None, directory: Path | None = None,
             progress: bool = True, rebuild: bool = False) -> "Retriever":
        """The configured index (built and cached on first use)."""
        settings = settings or RetrievalSettings.from_config()
        codebook = codebook or load_icd10cm()
        recipe = recipe or make_recipe(index_terms_path())
        faiss_settings = FaissSettings(settings.faiss, settings.hnsw_m, settings.hnsw_ef_search)
        index, _ = load_or_build(codebook, recipe, directory or cache_dir(), faiss_settings,
                                 batch_size=settings.batch_size, progress=progress, rebuild=rebuild)
        return cls(index, codebook, settings)

    # -- public API -------------------------------------------------------------------
    def retrieve(self, lines: list[str], k: int = 10, *, collapse: str = "code",
                 specialize: bool = True, vectors: np.ndarray | None = None,
                 weights: tuple[float, float] | None = None) -> list[list[Candidate]]:
        """Top-``k`` candidates per line, best first (contracts.md §4).

        ``collapse="category"`` merges candidates into their 3-character categories;
        ``specialize`` offers the most specific billable code the line supports (see rerank.py);
        ``vectors`` are precomputed line embeddings (evaluation reuses them across variants);
        ``weights`` = (dense, lexical) overrides the configured fusion weights.
        """
        if not lines:
            return []
        dense_weight, lexical_weight = weights or (None, None)
        fused = self.fused_scores(lines, vectors=vectors, dense_weight=dense_weight, lexical_weight=lexical_weight)
        results = []
        for line, scores in zip(lines, fused):
            if specialize:
                scores = self._specialize(line, scores)
            if collapse == "category":
                scores = self._collapse(scores)
            ranked = sorted(scores.items(), key=lambda item: -item[1][0])[:k]
            results.append([Candidate(code, self.codebook.description(code), round(float(s), 6),
                                      round(float(d), 6), round(float(l), 6))
                            for code, (s, d, l) in ranked])
        return results

    # -- stages -------------------------------------------------------------------------
    def dense_hits(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return dense_index.search(self.index.faiss, vectors, self.settings.dense_depth)

    def fused_scores(self, lines: list[str], vectors: np.ndarray | None = None,
                     dense_weight: float | None = None, lexical_weight: float | None = None,
                     ) -> list[dict[str, tuple[float, float, float]]]:
        """Per line: code -> (fused, dense cosine, lexical in [0, 1])."""
        wd = self.settings.dense_weight if dense_weight is None else dense_weight
        wl = self.settings.lexical_weight if lexical_weight is None else lexical_weight
        codes = self.index.code_list
        text_code = self.index.text_code_ids
        if wd > 0:
            if vectors is None:
                vectors = encode(lines, batch_size=self.settings.batch_size)
            dense_sims, dense_ids = self.dense_hits(vectors)
        if wl > 0:
            lexical = top_per_row(self.index.bm25.scores(lines), self.settings.lexical_depth)
        out = []
        for row in range(len(lines)):
            dense: dict[int, float] = {}
            floor = 0.0
            if wd > 0:
                valid = dense_ids[row] >= 0
                for cid, sim in zip(text_code[dense_ids[row][valid]], dense_sims[row][valid]):
                    if sim > dense.get(cid, -1.0):
                        dense[cid] = float(sim)
                floor = float(dense_sims[row][valid].min()) if valid.any() else 0.0
            lex: dict[int, float] = {}
            if wl > 0:
                ids, vals = lexical[row]
                top = float(vals[0]) if len(vals) else 1.0
                for cid, val in zip(text_code[ids], vals):
                    scaled = float(val) / top
                    if scaled > lex.get(cid, -1.0):
                        lex[cid] = scaled
            line_scores = {}
            for cid in dense.keys() | lex.keys():
                d = dense.get(cid, floor)
                l = lex.get(cid, 0.0)
                line_scores[codes[cid]] = (wd * d + wl * l, d, l)
            out.append(line_scores)
        return out

    def _specialize(self, line: str, scores: dict) -> dict:
        words = set(tokenize(line))
        out = dict(scores)
        top = sorted(scores.items(), key=lambda item: -item[1][0])[:SPECIALIZE_TOP]
        for code, (score, dense, lexical) in top:
            if self.codebook.is_billable(code):
                continue
            found = self.specializer.best_descendant(code, words)
            if found is None:
                continue
            child, matched = found
            derived = score + SPECIFIC_WORD_BONUS * matched if matched else score - DERIVED_DEFAULT_GAP
            if derived > out.get(child, (-1.0,))[0]:
                out[child] = (derived, dense, lexical)
        return out

    def _collapse(self, scores: dict) -> dict:
        out: dict[str, tuple[float, float, float]] = {}
        for code, value in scores.items():
            entry = self.codebook.get(code)
            category = entry.category if entry and entry.category else code[:3]
            if value[0] > out.get(category, (-1.0,))[0]:
                out[category] = value
        return out
