"""Format-preserving helpers shared by the surrogate kinds: character shape and letter case."""

from __future__ import annotations

import random
import string


def match_case(template: str, value: str) -> str:
    """Render ``value`` in the case style of ``template`` ("SMITH" -> "JONES", "smith" -> "jones")."""
    letters = [c for c in template if c.isalpha()]
    if not letters:
        return value
    if all(c.isupper() for c in letters) and len(letters) > 1:
        return value.upper()
    if all(c.islower() for c in letters):
        return value.lower()
    return value


def reshape(value: str, rng: random.Random) -> str:
    """Same length and shape: digit -> digit, upper -> upper, lower -> lower, the rest kept."""
    out = []
    for char in value:
        if char.isdigit():
            out.append(rng.choice(string.digits))
        elif char.isupper():
            out.append(rng.choice(string.ascii_uppercase))
        elif char.islower():
            out.append(rng.choice(string.ascii_lowercase))
        else:
            out.append(char)
    return "".join(out)


def reshape_different(value: str, rng: random.Random, attempts: int = 8) -> str:
    """:func:`reshape` that never returns the real value when another value of that shape exists."""
    fake = reshape(value, rng)
    for _ in range(attempts):
        if fake != value or not any(c.isalnum() for c in value):
            break
        fake = reshape(value, rng)
    return fake
