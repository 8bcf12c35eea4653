"""The learned model as the verification pass's second opinion (deid/verify.py).

The verification pass reads de-identified text with dictionaries, capitalisation and digit
shapes; on real notes most of its hits are clinical words and number ranges ("ENDO", "15-18").
The learned model reads context instead, so the two disagree where one of them is wrong:

* **veto**: a hit below ``keep_score`` whose tokens the model gives P(PHI) < ``veto_below``
  everywhere is dropped. ``veto: any`` (the default) vetoes any such hit; ``veto:
  clinical_shapes`` only the shapes real notes fill verification with: a name hit made only of
  words the deny list and the clinical lexicon know ("ENDO", "FENT GTT"), or a number range no
  month-day can be ("15-18", "250-300"). On the dev sets both caught the same residual PHI
  (6 of 16 regions on nursing-dev), and ``any`` flagged 3.5% of nursing notes where
  ``clinical_shapes`` flagged 72.5% (deid/README.md, "The learned model");
  ``veto: explained`` lets the model veto only a hit the text explains as clinical (a
  name of clinical or everyday words, a date shape with a score or unit beside it, a digit
  run with a unit after it: ``_explained``), so a lone dictionary or digit-shape hit the model
  merely doubts stays;
* **confirm**: a hit the model agrees with stays, whatever its score;
* **add**: a span the model is sure of (score >= ``add_at``) becomes a hit even if no
  dictionary knows it (a lower-case surname, a unit name after a transfer cue).

Thresholds: second_opinion.yaml beside this file.
"""

from __future__ import annotations

import regex

from deid.learned.model import TokenScores
from deid.resources import data_file, load_data
from deid.spans import Span

SOURCE = "verify.learned"


def thresholds() -> dict:
    return load_data(data_file(__file__, "second_opinion.yaml"))


def max_phi(scores: TokenScores, start: int, end: int) -> float:
    return max((p for (a, b), p in zip(scores.offsets, scores.phi) if a < end and start < b), default=0.0)


_RANGE = regex.compile(r"^(\d{1,4})-(\d{1,4})$")


def _no_month_day(value: str) -> bool:
    match = _RANGE.match(value)
    return bool(match) and (int(match.group(1)) > 12 or len(match.group(1)) > 2 or len(match.group(2)) > 2)


def vetoable(hit: Span, text: str, deny, mode: str = "any") -> bool:
    """May the model veto this hit (module docstring)?"""
    if mode == "any":
        return True
    value = text[hit.start:hit.end]
    if mode == "explained":
        return _explained(hit, text, value, deny)
    if hit.label == "NAME":
        return deny.vetoes(value)
    return hit.label == "DATE" and _no_month_day(value.strip())


_WORD = regex.compile(r"\p{L}[\p{L}'’\-]*")


def _explained(hit: Span, text: str, value: str, deny) -> bool:
    """``veto: explained``: every verification hit comes from a name dictionary or a digit shape,
    so the model may veto one only when the text itself explains it as clinical: a name made
    of words the deny list, the clinical lexicon or everyday English know ("ENDO", "Will"); a
    date shape no month-day can be or one a score, strength or unit stands beside ("15-18",
    "5/5 strength", "CPAP 10/5"); a digit run with a unit after it ("250000 /mm3"). A hit with
    no such explanation stays, whatever the model says."""
    if hit.label == "NAME":
        from deid.recognizers.wordlists import is_common_word

        words = _WORD.findall(value)
        return deny.vetoes(value) or bool(words) and all(is_common_word(w) for w in words)
    if hit.label == "DATE":
        from deid.learned.shape_gate import date_shaped

        return _no_month_day(value.strip()) or not date_shaped(text, hit.start, hit.end)
    if hit.label in ("OTHER_ID", "PHONE"):
        from deid.learned.shape_gate import unit_after

        return unit_after(text, hit.end)
    return False


def review_hits(hits: list[Span], scores: TokenScores, learned: list[Span], spec: dict,
                text: str, deny) -> list[Span]:
    kept = [h for h in hits if h.score >= spec["keep_score"] or not vetoable(h, text, deny, spec.get("veto", "any"))
            or max_phi(scores, h.start, h.end) >= spec["veto_below"]]
    added = [Span(s.start, s.end, s.label, s.score, SOURCE) for s in learned if s.score >= spec["add_at"]]
    return kept + added
