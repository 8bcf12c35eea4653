"""Wordings the generator writes everywhere: a bank template said aloud (``say``) and a
medication order as a sig (``sig``). Below details.py and measurements.py, which both use
them, so neither imports the other for them (no import cycle in synth/generate).
"""

from __future__ import annotations

import random
import re

from synth.generate import banks, grammar

_SPACES = re.compile(r"\s{2,}")
_SPACE_PUNCT = re.compile(r"\s+([,.;])")


def say(template: str, rng: random.Random, slots: dict[str, str] | None = None) -> str:
    """Expand a bank wording (grammar.expand: pronouns, choices, slots); empty alternatives
    leave no double spaces."""
    text = grammar.expand(template, rng, slots)
    return _SPACE_PUNCT.sub(r"\1", _SPACES.sub(" ", text)).strip()


_ORAL = re.compile(r"^(?P<drug>[A-Za-z][A-Za-z -]*?) (?P<dose>[\d.,/]+) (?P<unit>mg|mcg) PO (?P<rest>.+)$")


def sig(order: str, rng: random.Random, suffix: bool = True, style: str = "standard") -> str:
    """One medication order in one of the ways it is written: the standard sig with its
    spellings varied (PO/by mouth, BID/twice daily ...), the terse list of a progress note
    ("metformin 500 BID") or the pharmacy label of a medication reconciliation."""
    bank = banks.load("meds")
    oral = _ORAL.match(order)
    if oral and style == "terse":
        rest = " ".join(w for w in oral["rest"].split() if w != "PO")
        return f"{oral['drug']} {oral['dose']} {rest}"
    if oral and style == "label":
        form = rng.choice(["tablet", "tablet", "capsule"])
        rest = " ".join(rng.choice(bank["sig"][w]) if w in bank["sig"] else w for w in oral["rest"].split())
        return f"{oral['drug']} {oral['dose']} {oral['unit']} {form}: take 1 {form} by mouth {rest}"
    words = [rng.choice(bank["sig"][w]) if w in bank["sig"] else w for w in order.split()]
    text = " ".join(words)
    if rng.random() < 0.3:
        text = text[:1].upper() + text[1:]
    extra = say(rng.choice(bank["suffix"]), rng) if suffix else ""
    return f"{text} {extra}" if extra else text
