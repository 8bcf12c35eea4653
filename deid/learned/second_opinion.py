"""The learned model as the verification pass's second opinion (deid/verify.py).

The verification pass reads de-identified text with dictionaries, capitalisation and digit
shapes; on real notes most of its hits are clinical words and number ranges ("ENDO", "15-18").
The learned model reads context instead, so the two disagree where one of them is wrong:

* **veto**: a hit below ``keep_score`` whose tokens the model gives P(PHI) < ``veto_below``
  everywhere is dropped (a dictionary word in a drip line, a range in a vitals line);
* **confirm**: a hit the model agrees with stays, whatever its score;
* **add**: a span the model is sure of (score >= ``add_at``) becomes a hit even if no
  dictionary knows it (a lower-case surname, a unit name after a transfer cue).

Thresholds: second_opinion.yaml beside this file.
"""

from __future__ import annotations

from deid.learned.model import TokenScores
from deid.resources import data_file, load_data
from deid.spans import Span

SOURCE = "verify.learned"


def thresholds() -> dict:
    return load_data(data_file(__file__, "second_opinion.yaml"))


def max_phi(scores: TokenScores, start: int, end: int) -> float:
    return max((p for (a, b), p in zip(scores.offsets, scores.phi) if a < end and start < b), default=0.0)


def review_hits(hits: list[Span], scores: TokenScores, learned: list[Span], spec: dict) -> list[Span]:
    kept = [h for h in hits if h.score >= spec["keep_score"] or max_phi(scores, h.start, h.end) >= spec["veto_below"]]
    added = [Span(s.start, s.end, s.label, s.score, SOURCE) for s in learned if s.score >= spec["add_at"]]
    return kept + added
