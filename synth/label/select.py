"""Select a note's codes from its lines: term matches and retrieval candidates, filtered by
context (cues.yaml), mapped through personal-history and combination rules, checked against
Excludes1 and code-first, each code with a confidence and its evidence line indices.

Works on the text alone: nothing from the generator reaches it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from synth import guidelines, icd
from synth.label import context
from synth.label.lines import strip_header
from synth.terms import TermIndex

TERM_CONFIDENCE = 0.9
MALIGNANCY = ("C",)


@dataclass
class Mention:
    code: str
    line: int
    status: str
    source: str  # "term" | "retrieval"
    confidence: float


@dataclass
class Selection:
    icd10cm: list[dict] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    discard: str | None = None


def _is_malignancy(code: str) -> bool:
    return code[0] == "C" and code[1:3].isdigit() and int(code[1:3]) <= 96


def _is_history_code(code: str) -> bool:
    return code.startswith(("Z80", "Z81", "Z82", "Z83", "Z84", "Z85", "Z86", "Z87"))


def line_mentions(index: int, line: str, section: str, terms_index: TermIndex, cues: context.Cues,
                  candidates=()) -> list[Mention]:
    """Term-matched mentions of one line, each with its context status."""
    retrieval_score = {c.code: c.score for c in candidates}
    out: list[Mention] = []
    for toks in context.clauses(strip_header(line)):
        found = terms_index.find(toks)
        spans = [(m.start, m.end) for m in found]
        for match in found:
            others = [s for s in spans if s != (match.start, match.end)]
            state = context.status(toks, match.start, match.end, cues, others)
            if section in cues.family_sections and state == context.AFFIRMED:
                state = context.FAMILY
            if _is_history_code(match.code) and state in (context.PAST, context.HISTORY):
                state = context.AFFIRMED  # "personal history of X" is itself the code
            bonus = max(retrieval_score.get(match.code, 0.0), 0.0)
            out.append(Mention(match.code, index, state, "term", min(1.0, TERM_CONFIDENCE + 0.1 * bonus)))
    return out


def retrieval_mentions(index: int, line: str, candidates, min_score: float, min_lexical: float) -> list[Mention]:
    """A line with no term match may still be coded from retrieval when the best candidate is
    both close in meaning and shares its words (the fallback real text needs)."""
    if not candidates or min_score >= 1.0:
        return []
    best = candidates[0]
    if best.score >= min_score and best.lexical >= min_lexical and icd.is_billable(best.code):
        return [Mention(best.code, index, context.AFFIRMED, "retrieval", float(best.score) * 0.8)]
    return []


def _resolve(mentions: list[Mention]) -> tuple[dict[str, set[int]], dict[str, float], list[str]]:
    """Affirmed codes with evidence; past/history mentions mapped to personal-history codes."""
    evidence: dict[str, set[int]] = {}
    confidence: dict[str, float] = {}
    notes: list[str] = []
    for m in mentions:
        code = m.code
        if m.status == context.HISTORY:
            code = guidelines.personal_history_code(code) if _is_malignancy(code) else code
        elif m.status == context.PAST:
            code = guidelines.personal_history_code(code)
            if code is None:
                notes.append(f"line {m.line}: resolved {m.code} has no personal-history code; not coded")
                continue
        elif m.status != context.AFFIRMED:
            continue
        if code is None:
            continue
        evidence.setdefault(code, set()).add(m.line)
        # independent mentions reinforce each other
        confidence[code] = 1 - (1 - confidence.get(code, 0.0)) * (1 - m.confidence)
    return evidence, confidence, notes


def _drop_superseded(evidence: dict[str, set[int]], notes: list[str]) -> None:
    """An unspecified code yields to a specific code of its category documented in the note
    ("heart failure" in the HPI, "chronic diastolic heart failure" in the assessment)."""
    for code in sorted(evidence):
        if code in evidence and icd.is_unspecified(code):
            specific = [c for c in evidence if c != code and icd.category(c) == icd.category(code)
                        and not icd.is_unspecified(c)]
            if specific:
                evidence[specific[0]] |= evidence.pop(code)
                notes.append(f"{code} superseded by {specific[0]}")


def _drop_excludes1(evidence, confidence, notes, discard: bool = True, keep_both_at: float | None = None) -> str | None:
    """Excludes1 pairs: keep the better-supported code; two strong codes -> unresolvable
    (``discard``; otherwise the weaker one is dropped as well). ``keep_both_at`` (real text
    only): a pair whose two codes both reach this confidence stays coded, with a note."""
    codes = sorted(evidence, key=lambda c: (-confidence.get(c, 0), -len(c), c))
    kept: list[str] = []
    for code in codes:
        clash = next((k for k in kept if icd.excludes1_conflict(k, code)), None)
        if clash is None:
            kept.append(code)
            continue
        if not discard and keep_both_at is not None and confidence.get(code, 0) >= keep_both_at:
            notes.append(f"{code} kept beside {clash} despite Excludes1: the coder model keeps both")
            kept.append(code)
            continue
        if discard and confidence.get(code, 0) >= TERM_CONFIDENCE and evidence[code] - evidence[clash]:
            return f"excludes1 conflict {clash} / {code} with independent evidence"
        notes.append(f"{code} dropped: Excludes1 with {clash}")
        evidence.pop(code)
    return None


def _code_first(evidence, notes, discard: bool = True) -> tuple[list[str], str | None]:
    """Order etiology before manifestation; a manifestation without etiology cannot stand
    (the note is discarded, or with ``discard=False`` the manifestation is dropped)."""
    order = sorted(evidence, key=lambda c: (min(evidence[c]), c))
    for code in list(order):
        ranges = icd.code_first_ranges(code)
        if not ranges:
            continue
        etiologies = [c for c in order if c != code and icd.in_range(c, list(ranges))]
        if etiologies:
            order.remove(code)
            order.insert(max(order.index(e) for e in etiologies) + 1, code)
        elif icd.is_manifestation_only(code):
            if discard:
                return order, f"manifestation {code} without its code-first etiology"
            order.remove(code)
            evidence.pop(code)
            notes.append(f"{code} dropped: manifestation without its code-first etiology")
    for code in order:
        wanted = icd.use_additional_ranges(code)
        if wanted and code.startswith(("E11.2", "E10.2", "I12", "I13")) and not any(
                icd.in_range(c, list(wanted)) for c in order if c != code):
            notes.append(f"{code}: use-additional code (CKD stage) not documented")
    return order, None


def select(lines: list[str], sections: list[str], terms_index: TermIndex, cues: context.Cues,
           candidates: list[list] | None = None, min_score: float = 1.0, min_lexical: float = 1.0) -> Selection:
    """Term matches per line (and, with ``min_score`` < 1, a retrieval fallback) -> codes."""
    candidates = candidates or [[] for _ in lines]
    found_all: list[Mention] = []
    for i, line in enumerate(lines):
        found = line_mentions(i, line, sections[i], terms_index, cues, candidates[i])
        if not found and sections[i] not in cues.family_sections:
            found = retrieval_mentions(i, line, candidates[i], min_score, min_lexical)
        found_all.extend(found)
    return choose(lines, found_all)


def choose(lines: list[str], mentions: list[Mention], discard: bool = True, supersede: bool = True,
           excludes1_keep_both_at: float | None = None) -> Selection:
    """Mentions -> coded diagnoses: context statuses resolved, unspecified codes superseded,
    combinations, Excludes1 and code-first applied. ``discard=False`` (real text) drops the
    weaker code of a conflict instead of discarding the note, unless both codes reach
    ``excludes1_keep_both_at``."""
    selection = Selection(mentions=list(mentions))
    evidence, confidence, notes = _resolve(selection.mentions)
    line_tokens = {i: [t for clause in context.clauses(lines[i]) for t in clause] for i in
                   {line for ev in evidence.values() for line in ev}}
    if supersede:
        _drop_superseded(evidence, notes)
    evidence, applied = guidelines.apply_combinations(evidence, line_tokens)
    if supersede:
        _drop_superseded(evidence, notes)
    for rule in applied:
        notes.append(f"combination {rule}")
        result = rule.split("->")[1]
        parts = rule.split("->")[0].split("+")
        confidence[result] = max([confidence.get(p, TERM_CONFIDENCE) for p in parts] + [confidence.get(result, 0)])
    selection.notes = notes
    if not evidence:
        selection.discard = "no codable diagnosis found"
        return selection
    selection.discard = _drop_excludes1(evidence, confidence, notes, discard, excludes1_keep_both_at)
    if selection.discard:
        return selection
    order, selection.discard = _code_first(evidence, notes, discard)
    selection.icd10cm = [{"code": c, "description": icd.description(c), "confidence": round(confidence.get(c, 0.5), 4),
                          "evidence": sorted(evidence[c])} for c in order]
    return selection
