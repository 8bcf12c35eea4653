"""Split a note into numbered lines (the evidence unit) and track the section of each line."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from synth import terms

# "Family History:" / "ASSESSMENT AND PLAN: text" -> a header with optional content.
_HEADER = re.compile(r"^\s*([A-Za-z][A-Za-z /&-]{0,40}?)\s*:\s*(.*)$")


@lru_cache(maxsize=1)
def section_names() -> frozenset[str]:
    """Known headers, normalized (sections.yaml)."""
    names = yaml.safe_load(Path(__file__).with_name("sections.yaml").read_text())
    return frozenset(" ".join(terms.tokens(str(n))) for n in names)


def split_lines(text: str) -> list[str]:
    """Non-empty, stripped lines; list positions are the evidence indices."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def _header(line: str) -> tuple[str, str] | None:
    m = _HEADER.match(line)
    if not m:
        return None
    name = " ".join(terms.tokens(m.group(1)))
    return (name, m.group(2)) if name in section_names() else None


def section_of_lines(lines: list[str]) -> list[str]:
    """The normalized section name each line belongs to ("" before any header)."""
    current, out = "", []
    for line in lines:
        head = _header(line)
        if head:
            current = head[0]
        out.append(current)
    return out


def strip_header(line: str) -> str:
    """The line without a leading known section header (a header names a section, not a finding)."""
    head = _header(line)
    return head[1] if head else line
