"""Keeps filler honest: text drawn from the phrase banks must not name a condition.

The banks are combinatorial ({a|b} choices in many lines), so they are checked as drawn, the
way ``mentions.render`` checks a code's wording: a filler sentence the term index reads any
code in is redrawn ("never smoker" reads as nicotine dependence; "pitting edema" as edema).
Review-of-systems and exam lines may name a symptom only under a negation cue, and never one
in a category the note codes or traps (a note about fever never says "denies fever").

Every check reads the text the way the labeller does: clinical abbreviations expanded first
(``readable``), so terse filler ("Resp: no SOB", "tele: NSR") is judged by what the labeller
will read in it ("shortness of breath"), not by its letters.
"""

from __future__ import annotations

import random
from typing import Callable

from synth import icd
from synth.label import abbreviations, context
from synth.label.select import line_mentions
from synth.terms import TermIndex

TRIES = 8


class FillerGuard:
    def __init__(self, index: TermIndex, cues: context.Cues | None = None,
                 abbrev: abbreviations.Abbreviations | None = None):
        self.index = index
        self.cues = cues or context.load_cues()
        self.abbrev = abbrev or abbreviations.load()
        self._clean: dict[str, bool] = {}
        # any word of any cue: a text without one has every mention affirmed (fast path)
        self._cue_words = frozenset(w for table in (self.cues.pre, self.cues.post)
                                    for cue_list in table.values() for cue in cue_list for w in cue)

    def readable(self, text: str) -> str:
        """``text`` as the labeller reads it: the abbreviation list's expansions in place
        ("pt c/o SOB" -> "patient complains of shortness of breath")."""
        return self.abbrev.expand(text)

    def clean(self, text: str) -> bool:
        """No code is read anywhere in ``text``."""
        known = self._clean.get(text)
        if known is None:
            known = not any(self.index.find(toks) for toks in context.clauses(self.readable(text)))
            if len(self._clean) < 200_000:
                self._clean[text] = known
        return known

    def only_negated(self, text: str, taken: set[str]) -> bool:
        """Every code read in ``text`` (a line on its own) is negated and outside ``taken`` categories."""
        if self.clean(text):
            return True
        return all(m.status == context.NEGATED and icd.category(m.code) not in taken
                   for m in line_mentions(0, self.readable(text), "", self.index, self.cues))

    def affirmed_as(self, text: str, written: set[str]) -> bool:
        """Every code read in ``text`` is affirmed and one of ``written`` (a diagnosis frame did
        not change what its mention says: no stray cue, no word that extends the term)."""
        text = self.readable(text)
        clauses = context.clauses(text)
        if not any(self._cue_words.intersection(toks) for toks in clauses):
            codes = [m.code for toks in clauses for m in self.index.find(toks)]
            return bool(codes) and all(c in written for c in codes)
        found = line_mentions(0, text, "", self.index, self.cues)
        return bool(found) and all(m.status == context.AFFIRMED and m.code in written for m in found)

    def reads_as(self, text: str, status: str) -> bool:
        """Every code read in ``text`` has ``status`` (a trap frame negates or hedges its trap)."""
        found = line_mentions(0, self.readable(text), "", self.index, self.cues)
        return bool(found) and all(m.status == status for m in found)

    def draw(self, make: Callable[[], str], ok: Callable[[str], bool] | None = None,
             fallback: str = "") -> str:
        """The first of a few draws of ``make()`` that passes ``ok`` (default: clean)."""
        ok = ok or self.clean
        for _ in range(TRIES):
            text = make()
            if ok(text):
                return text
        return fallback


def sample(rng: random.Random, items: list, low: int, high: int) -> list:
    """``low``..``high`` distinct items in their original order (exam systems keep theirs)."""
    k = rng.randint(min(low, len(items)), min(high, len(items)))
    picked = sorted(rng.sample(range(len(items)), k))
    return [items[i] for i in picked]
