"""Section segmentation: (name, start, end) offsets into the normalized note text.

The header vocabulary is data (``sections.yaml``). A section runs from its header to the
next recognised header (or the end of the note); text before the first header belongs
to no section. Offsets are character offsets into the normalized text, like PHI spans.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import yaml

SECTIONS_FILE = Path(__file__).with_name("sections.yaml")


class Section(NamedTuple):
    name: str
    start: int
    end: int


def _variant_pattern(variant: str) -> str:
    # Any run of spaces in a variant matches any run of blanks in a note.
    return r"[ \t]+".join(re.escape(word) for word in variant.split())


@lru_cache(maxsize=4)
def load_patterns(path: Path = SECTIONS_FILE) -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        table: dict[str, list[str]] = yaml.safe_load(handle)
    exact_case = {" ".join(str(v).split()) for v in table.pop("_case_sensitive", [])}
    canonical = {}
    for name, variants in table.items():
        for variant in variants:
            canonical[" ".join(str(variant).upper().split())] = name

    def alternative(variant: str) -> str:
        pattern = _variant_pattern(variant)
        return f"(?-i:{pattern})" if variant in exact_case else pattern

    # Longest first: "PAST SURGICAL HISTORY" must win over "SURGICAL HISTORY".
    alternatives = "|".join(alternative(v) for v in sorted(canonical, key=len, reverse=True))
    # A header that starts a line and is followed by ':' or by the end of its line ...
    at_line_start = re.compile(rf"^[ \t]*(?P<h>{alternatives})[ \t]*(?::|(?=\n)|\Z)", re.IGNORECASE | re.MULTILINE)
    # ... or an MTSamples-style inline header: ",HEADER:," in the middle of a line (searched
    # only in notes that contain ":,", because trying it at every position is slow).
    inline = re.compile(rf"(?<=,)[ \t]*(?P<h>{alternatives}):,", re.IGNORECASE)
    return at_line_start, inline, canonical


def segment(text: str) -> list[Section]:
    at_line_start, inline, canonical = load_patterns()
    matches = list(at_line_start.finditer(text))
    if ":," in text:
        matches = sorted(matches + list(inline.finditer(text)), key=lambda m: m.start("h"))
    headers = [(canonical[" ".join(m.group("h").upper().split())], m.start("h")) for m in matches]
    return [Section(name, start, headers[i + 1][1] if i + 1 < len(headers) else len(text))
            for i, (name, start) in enumerate(headers)]
