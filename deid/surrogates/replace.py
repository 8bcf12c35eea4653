"""Rewrite a note: every detected span becomes a surrogate (or a ``[LABEL]`` mask).

Returns the new text and the positions of every inserted value in it, so the verification
pass can tell our own surrogates from residual PHI (contracts §3, ``surrogates``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from deid.spans import Span
from deid.surrogates.ages import surrogate_age
from deid.surrogates.contact import surrogate_email, surrogate_ip, surrogate_phone, surrogate_url
from deid.surrogates.context import SurrogateContext
from deid.surrogates.dates import surrogate_date
from deid.surrogates.identifiers import surrogate_identifier, surrogate_mrn, surrogate_ssn
from deid.surrogates.locations import surrogate_location
from deid.surrogates.names import surrogate_name

MODES = ("surrogate", "mask")

SURROGATE_BY_LABEL: dict[str, Callable[[str, SurrogateContext], str]] = {
    "NAME": surrogate_name,
    "DATE": surrogate_date,
    "AGE_OVER_89": surrogate_age,
    "LOCATION": surrogate_location,
    "PHONE": surrogate_phone,
    "FAX": surrogate_phone,
    "EMAIL": surrogate_email,
    "URL": surrogate_url,
    "IP": surrogate_ip,
    "SSN": surrogate_ssn,
    "MRN": surrogate_mrn,
}


@dataclass(frozen=True)
class Inserted:
    """One replaced span: where it was in the old text, where its surrogate is in the new."""

    old_start: int
    old_end: int
    start: int
    end: int
    label: str


def merge_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Overlapping detections become one span over their union, labelled by the longest.

    Two detectors often see the same name ("Dr. Smith" vs "Smith"); replacing both would
    garble the text, replacing only one could leave a real fragment behind.
    """
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            longest = last if (last.end - last.start) >= (span.end - span.start) else span
            merged[-1] = Span(last.start, max(last.end, span.end), longest.label,
                              max(last.score, span.score), last.source)
        else:
            merged.append(span)
    return merged


# Detectors sometimes take in the space or the sentence's full stop around a value
# ("Dayton."): the surrogate replaces the value only and keeps those edges.
_EDGES = re.compile(r"^(\s*)(.*?)([\s.,;:]*)$", re.S)


def surrogate_for(real: str, label: str, ctx: SurrogateContext, mode: str) -> str:
    if mode == "mask":
        return f"[{label}]"
    before, core, after = _EDGES.match(real).groups()
    if not core:
        return real
    return before + SURROGATE_BY_LABEL.get(label, surrogate_identifier)(core, ctx) + after


def deidentify_text(text: str, spans: Iterable[Span], ctx: SurrogateContext,
                    mode: str = "surrogate") -> tuple[str, list[Inserted]]:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    pieces, inserted, cursor, length = [], [], 0, 0
    for span in merge_overlaps(s for s in spans if s.end <= len(text)):
        between = text[cursor:span.start]
        pieces.append(between)
        length += len(between)
        fake = surrogate_for(text[span.start:span.end], span.label, ctx, mode)
        pieces.append(fake)
        inserted.append(Inserted(span.start, span.end, length, length + len(fake), span.label))
        length += len(fake)
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces), inserted


def offset_mapper(inserted: list[Inserted]) -> Callable[[int], int]:
    """Map an offset of the old text to the new text (sections keep pointing at their lines).

    An offset inside a replaced span moves to the start of its surrogate.
    """
    starts = [item.old_start for item in inserted]

    def mapped(offset: int) -> int:
        index = bisect.bisect_right(starts, offset) - 1
        if index < 0:
            return offset
        item = inserted[index]
        if offset < item.old_end:
            return item.start
        return item.end + (offset - item.old_end)

    return mapped
