"""Features of a (note, code) pair from the code's proposals, for the learned scorer.

Each feature is a signal a coder weighs: an exact term for the code in the note, how high
retrieval ranked it and for how many mentions, whether the mentions are affirmed, negated,
uncertain, a relative's or past, how much of the code's title the mention says, how many
lines and which sections support it (a problem-list line and a narrative line for the same
code is document-level evidence), how the code fares against its category's other
candidates, and how often real coders used it (``Priors``, learned from coded notes: the
share of notes where the code was proposed and coded).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from synth import icd
from synth.label import context, note_text
from synth.label.proposals import Proposal

STATUSES = (context.AFFIRMED, context.NEGATED, context.UNCERTAIN, context.FAMILY, context.PAST, context.HISTORY)
# Sections whose lines list diagnoses (a problem list) rather than tell the story.
DIAGNOSIS_SECTIONS = frozenset({
    "assessment", "plan", "assessment and plan", "assessment/plan", "assessment & plan", "a/p", "impression",
    "impression and plan", "impression/plan", "admission diagnosis", "discharge diagnoses", "discharge diagnosis",
    "final diagnoses", "diagnoses at discharge", "preoperative diagnosis", "pre-op diagnosis",
    "postoperative diagnosis", "post-op diagnosis", "past medical history", "pmh", "medical history",
    "past history", "prior conditions"})

FEATURES = (
    "term_affirmed", "term_other", "n_proposals", "best_rank", "n_top1", "n_top3", "rr_sum",
    "best_score", "best_dense", "best_lexical", "best_coverage", "mean_coverage", "min_query_words",
    "piece_share", "affirmed_share", "best_affirmed_rank", "best_affirmed_score",
    *(f"status_{s}" for s in STATUSES),
    "n_lines", "first_line", "note_lines", "dx_section", "narrative_section", "dx_and_narrative",
    "billable", "code_length", "unspecified", "chapter", "symptom", "factor",
    "category_candidates", "rank_in_category", "score_gap_in_category", "descendant_proposed",
    "prior_coded", "prior_category_coded", "prior_precision", "prior_proposed",
    "prior_category_share", "prior_category_precision", "sibling_only", "text_code", "text_category",
    "n_memory", "memory_precision", "memory_support", "memory_lift", "memory_affirmed",
)


@dataclass
class Priors:
    """How often real coders used each code, from coded notes (out-of-fold while training).

    ``coded[c]`` notes that carry code c; ``proposed[c]`` notes where c was proposed;
    ``hits[c]`` notes where c was proposed and coded; ``notes`` notes counted; the same per
    category (``category``, ``category_proposed``, ``category_hits``): which code of a category
    coders pick, and how often a category the mentions reach is coded at all."""

    notes: int = 0
    coded: dict[str, int] = field(default_factory=dict)
    category: dict[str, int] = field(default_factory=dict)
    proposed: dict[str, int] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    category_proposed: dict[str, int] = field(default_factory=dict)
    category_hits: dict[str, int] = field(default_factory=dict)

    def precision(self, code: str, base: float, strength: float = 2.0) -> float:
        """Smoothed share of notes where a proposed ``code`` was coded."""
        return (self.hits.get(code, 0) + strength * base) / (self.proposed.get(code, 0) + strength)

    @property
    def base(self) -> float:
        proposed = sum(self.proposed.values())
        return sum(self.hits.values()) / proposed if proposed else 0.05

    def category_precision(self, category: str, base: float, strength: float = 2.0) -> float:
        """Smoothed share of notes where a proposed category was coded (any of its codes)."""
        return (self.category_hits.get(category, 0) + strength * base) / (self.category_proposed.get(category, 0) + strength)

    def category_share(self, code: str, strength: float = 1.0) -> float:
        """Smoothed share of a category's coded notes that carry this very code."""
        return (self.coded.get(code, 0) + 0.5 * strength) / (self.category.get(code[:3], 0) + strength)

    def codes_by_category(self) -> dict[str, list[tuple[str, int]]]:
        """Per category its coded codes, most coded first (computed once per Priors)."""
        cached = self.__dict__.get("_by_category")
        if cached is None:
            cached = defaultdict(list)
            for code, n in sorted(self.coded.items(), key=lambda item: (-item[1], item[0])):
                cached[code[:3]].append((code, n))
            self.__dict__["_by_category"] = cached = dict(cached)
        return cached

    def as_dict(self) -> dict:
        return {"notes": self.notes, "coded": self.coded, "category": self.category,
                "proposed": self.proposed, "hits": self.hits,
                "category_proposed": self.category_proposed, "category_hits": self.category_hits}

    @classmethod
    def from_dict(cls, raw: dict) -> "Priors":
        return cls(int(raw["notes"]), dict(raw["coded"]), dict(raw["category"]), dict(raw["proposed"]), dict(raw["hits"]),
                   dict(raw.get("category_proposed", {})), dict(raw.get("category_hits", {})))

    @classmethod
    def count(cls, notes: list[tuple[set[str], set[str]]]) -> "Priors":
        """From (gold codes, proposed codes) per note; codes dotless upper-case."""
        priors = cls(notes=len(notes))
        for gold, proposed in notes:
            for code in gold:
                priors.coded[code] = priors.coded.get(code, 0) + 1
            for cat in {c[:3] for c in gold}:
                priors.category[cat] = priors.category.get(cat, 0) + 1
            for code in proposed:
                priors.proposed[code] = priors.proposed.get(code, 0) + 1
                if code in gold:
                    priors.hits[code] = priors.hits.get(code, 0) + 1
            coded_categories = {c[:3] for c in gold}
            for cat in {c[:3] for c in proposed}:
                priors.category_proposed[cat] = priors.category_proposed.get(cat, 0) + 1
                if cat in coded_categories:
                    priors.category_hits[cat] = priors.category_hits.get(cat, 0) + 1
        return priors


# A category the mentions reach can also propose the codes of it that coders used in at least
# SIBLING_MIN_NOTES notes (source "sibling"): the retriever often finds a category's neighbour
# of the code coders pick (D49.59 where they code D49.0). Off (0 per category) as shipped: on
# CodiEsp train, 5-fold CV, 4 per category raised the proposals' reach of gold codes 4,130 ->
# 4,385 of 5,639 but not the labeller (exact F1 .5500 with them and the category priors vs
# .5498 before either, category .6136 vs .6151), so the extra 55k candidate rows cost time only.
SIBLING_MIN_NOTES = 2
SIBLINGS_PER_CATEGORY = 0


def siblings(found: list[Proposal], priors: Priors | None) -> list[Proposal]:
    """Proposals of a category's frequently coded codes that ``found`` lacks, on the line and with
    the status of the category's best proposal."""
    if priors is None or not priors.coded:
        return []
    from synth.label.memory import _dotted

    have = {icd.dotless(p.code) for p in found}
    lead: dict[str, Proposal] = {}
    for p in found:
        cat = icd.dotless(p.code)[:3]
        best = lead.get(cat)
        if best is None or (p.source != "term", p.rank, -p.score) < (best.source != "term", best.rank, -best.score):
            lead[cat] = p
    by_category = priors.codes_by_category()
    out = []
    for cat, best in lead.items():
        for code, notes in by_category.get(cat, ())[:SIBLINGS_PER_CATEGORY]:
            dotted = _dotted(code)
            if notes < SIBLING_MIN_NOTES or code in have or dotted is None:
                continue
            out.append(Proposal(dotted, best.line, best.status, "sibling", best.kind, 20, 0.0, 0.0, 0.0, best.words, 0.0))
    return out


def by_code(proposals: list[Proposal]) -> dict[str, list[Proposal]]:
    out: dict[str, list[Proposal]] = defaultdict(list)
    for p in proposals:
        out[p.code].append(p)
    return dict(out)


def _rows_for(grouped: dict[str, list[Proposal]], sections: list[str], n_lines: int, priors: Priors | None,
              text_scores: dict[str, float] | None = None) -> np.ndarray:
    codes = list(grouped)
    col = {name: i for i, name in enumerate(FEATURES)}
    out = np.zeros((len(codes), len(FEATURES)), np.float32)
    best_score = {c: max((p.score for p in ps if p.source == "retrieval"), default=0.0) for c, ps in grouped.items()}
    by_category: dict[str, list[str]] = defaultdict(list)
    for c in codes:
        by_category[icd.category(c)].append(c)
    keys = {c: icd.dotless(c) for c in codes}
    base = priors.base if priors else 0.0
    for row, code in enumerate(codes):
        ps = grouped[code]
        retrieved = [p for p in ps if p.source == "retrieval"]
        term = [p for p in ps if p.source == "term"]
        affirmed = [p for p in retrieved if p.status == context.AFFIRMED]
        values = out[row]

        def put(name, value):
            values[col[name]] = value

        put("sibling_only", float(all(p.source == "sibling" for p in ps)))
        put("term_affirmed", sum(p.status == context.AFFIRMED for p in term))
        put("term_other", sum(p.status != context.AFFIRMED for p in term))
        put("n_proposals", len(retrieved))
        put("best_rank", min((p.rank for p in retrieved), default=20))
        put("n_top1", sum(p.rank == 0 for p in retrieved))
        put("n_top3", sum(p.rank < 3 for p in retrieved))
        put("rr_sum", sum(1.0 / (p.rank + 1) for p in retrieved))
        put("best_score", best_score[code])
        put("best_dense", max((p.dense for p in retrieved), default=0.0))
        put("best_lexical", max((p.lexical for p in retrieved), default=0.0))
        put("best_coverage", max((p.coverage for p in ps), default=0.0))
        put("mean_coverage", float(np.mean([p.coverage for p in ps])))
        put("min_query_words", min((p.words for p in retrieved), default=0))
        put("piece_share", sum(p.kind == "piece" for p in retrieved) / max(len(retrieved), 1))
        put("affirmed_share", sum(p.status == context.AFFIRMED for p in ps) / len(ps))
        put("best_affirmed_rank", min((p.rank for p in affirmed), default=20))
        put("best_affirmed_score", max((p.score for p in affirmed), default=0.0))
        # the status of the proposal that supports the code best (a term match, else the best rank)
        lead = min(ps, key=lambda p: (p.source != "term", p.source in ("memory", "sibling"), p.rank, -p.score))
        put(f"status_{lead.status}", 1.0)
        lines = {p.line for p in ps}
        put("n_lines", len(lines))
        put("first_line", min(lines) / max(n_lines, 1))
        put("note_lines", n_lines)
        dx = any(sections[i] in DIAGNOSIS_SECTIONS for i in lines)
        narrative = any(sections[i] not in DIAGNOSIS_SECTIONS for i in lines)
        put("dx_section", float(dx))
        put("narrative_section", float(narrative))
        put("dx_and_narrative", float(dx and narrative))
        key = keys[code]
        put("billable", float(icd.is_billable(code)))
        put("code_length", len(key))
        put("unspecified", float(icd.is_unspecified(code)))
        put("chapter", ord(key[0]) - ord("A"))
        put("symptom", float(key[0] == "R"))
        put("factor", float(key[0] == "Z"))
        siblings = by_category[icd.category(code)]
        ordered = sorted(siblings, key=lambda c: -best_score[c])
        put("category_candidates", len(siblings))
        put("rank_in_category", ordered.index(code))
        put("score_gap_in_category", best_score[ordered[0]] - best_score[code])
        put("descendant_proposed", float(any(keys[c] != key and keys[c].startswith(key) for c in siblings)))
        remembered = [p for p in ps if p.source == "memory"]
        put("n_memory", len(remembered))
        put("memory_precision", max((p.score for p in remembered), default=0.0))
        put("memory_support", math.log1p(max((p.support for p in remembered), default=0.0)))
        put("memory_lift", math.log1p(max((p.lift for p in remembered), default=0.0)))
        put("memory_affirmed", float(any(p.status == context.AFFIRMED for p in remembered)))
        if priors is not None:
            put("prior_coded", math.log1p(priors.coded.get(key, 0)))
            put("prior_category_coded", math.log1p(priors.category.get(key[:3], 0)))
            put("prior_precision", priors.precision(key, base))
            put("prior_proposed", math.log1p(priors.proposed.get(key, 0)))
            put("prior_category_share", priors.category_share(key))
            put("prior_category_precision", priors.category_precision(key[:3], base))
        if text_scores:
            text_code, text_category = note_text.note_features(text_scores, key)
            put("text_code", text_code)
            put("text_category", text_category)
    return out


def rows(proposals: list[Proposal], sections: list[str], n_lines: int,
         priors: Priors | None, text_scores: dict[str, float] | None = None) -> tuple[list[str], np.ndarray]:
    """(codes, feature matrix) of a note's proposed codes (``text_scores``: note_text's scores of
    the whole note, or None)."""
    grouped = by_code(proposals)
    return list(grouped), _rows_for(grouped, sections, n_lines, priors, text_scores)
