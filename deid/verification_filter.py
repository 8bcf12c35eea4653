"""Which verification hits are residual PHI rather than our own surrogates.

A hit is flagged when, after removing the characters of surrogates we inserted, it still
covers a word of two or more characters that is not a title ("Dr." next to a fake name is
ours, "Smith" next to it is not).
"""

from __future__ import annotations

import re
from typing import Iterable

from deid.spans import Span
from deid.surrogates.names import titles as name_titles

_WORD = re.compile(r"\w{2,}")


def residual_hits(text: str, hits: Iterable[Span], surrogates: list[dict]) -> list[Span]:
    covered = sorted((s["start"], s["end"]) for s in surrogates)
    titles = name_titles()
    flagged = []
    for hit in hits:
        chars = list(text[hit.start:hit.end])
        for start, end in covered:
            if start >= hit.end:
                break
            for i in range(max(start, hit.start), min(end, hit.end)):
                chars[i - hit.start] = " "
        residue = "".join(chars)
        if any(w.lower() not in titles for w in _WORD.findall(residue)):
            flagged.append(hit)
    return flagged
