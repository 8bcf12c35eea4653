"""Write a surrogate in the case its context uses: ALL CAPS where the note is in capitals,
lower case where it is typed in lower case, as generated otherwise."""

from __future__ import annotations

import re

_LETTER = re.compile(r"[A-Za-z]")
UPPER, LOWER, AS_IS = "upper", "lower", "as_is"


def context_case(text: str, start: int, end: int, window: int = 80) -> str:
    """The case of the letters around ``[start, end)`` (the span itself excluded): ALL CAPS when
    the window is in capitals (an upper-case header or note), lower case only when the whole
    note is (a sentence of prose without a capital is still in a normal-case note)."""
    around = text[max(0, start - window):start] + " " + text[end:end + window]
    letters = _LETTER.findall(around)
    if len(letters) < 8:
        return AS_IS
    if sum(ch.isupper() for ch in letters) / len(letters) > 0.85:
        return UPPER
    everything = _LETTER.findall(text[:start] + text[end:])
    if everything and sum(ch.isupper() for ch in everything) / len(everything) < 0.005:
        return LOWER
    return AS_IS


def apply_case(value: str, case: str) -> str:
    if case == UPPER:
        return value.upper()
    if case == LOWER:
        return value.lower()
    return value
