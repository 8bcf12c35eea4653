"""One line-numbering rule for evidence (docs/contracts.md §5, §6).

A note's *lines* are what evidence points at. A published record numbers them from 1
(``"<n>: <line>"``, blank lines included, trailing empty lines dropped) and its evidence
uses those numbers. Inside a synthetic run the labeller keeps evidence as positions in its
``lines`` list (0-based); :func:`evidence_number` / :func:`evidence_index` are the only
conversion between the two, so no module adds or subtracts 1 on its own.
"""

from __future__ import annotations

import re

_NUMBERED = re.compile(r"^(\d+): (.*)$")
FIRST_LINE_NUMBER = 1


def split_lines(text: str) -> list[str]:
    """The lines of a note: split on any line break; trailing empty lines do not count."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def clean_line(line: str) -> str:
    """A line given as a list item (synthetic runs) must not smuggle a line break in."""
    return line.replace("\r", " ").replace("\n", " ")


def number_lines(lines: list[str]) -> str:
    return "\n".join(f"{number}: {clean_line(line)}" for number, line in enumerate(lines, start=FIRST_LINE_NUMBER))


def parse_numbered(numbered: str) -> list[str]:
    """Inverse of :func:`number_lines`; raises ValueError on a line out of sequence."""
    if not numbered:
        return []
    lines = []
    for expected, raw in enumerate(numbered.split("\n"), start=FIRST_LINE_NUMBER):
        match = _NUMBERED.match(raw)
        if not match or int(match.group(1)) != expected:
            raise ValueError(f"line {expected} is not numbered '{expected}: '")
        lines.append(match.group(2))
    return lines


def evidence_number(index: int) -> int:
    """A position in a ``lines`` list -> the published line number."""
    return int(index) + FIRST_LINE_NUMBER


def evidence_index(number: int) -> int:
    """A published line number -> the position in the ``lines`` list."""
    return int(number) - FIRST_LINE_NUMBER
