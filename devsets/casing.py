"""Write a surrogate in the case its context uses: ALL CAPS where the note is in capitals,
lower case where it is typed in lower case, as generated otherwise."""

from __future__ import annotations

import re

_LETTER = re.compile(r"[A-Za-z]")
UPPER, LOWER, AS_IS = "upper", "lower", "as_is"


def context_case(text: str, start: int, end: int, window: int = 80) -> str:
    """The case of the letters around ``[start, end)`` (the span itself excluded)."""
    around = text[max(0, start - window):start] + " " + text[end:end + window]
    letters = _LETTER.findall(around)
    if len(letters) < 8:
        return AS_IS
    upper = sum(ch.isupper() for ch in letters) / len(letters)
    if upper > 0.85:
        return UPPER
    if upper < 0.02:
        return LOWER
    return AS_IS


def apply_case(value: str, case: str) -> str:
    if case == UPPER:
        return value.upper()
    if case == LOWER:
        return value.lower()
    return value
