"""Numbered note lines: the ``input`` of every instruction record.

Format (stable contract, see corpus/README.md): the note is split on ``\\n``; trailing
empty lines are dropped (a final newline must not add a phantom line); every remaining
line, blank ones included, becomes ``"<n>: <line>"`` with ``n`` counting from 1 and no
padding; lines are joined with ``\\n``. Evidence in ``output`` uses the same numbers, so a
trainer can map evidence back to text with ``parse_numbered``.
"""

from __future__ import annotations

import re

_NUMBERED = re.compile(r"^(\d+): (.*)$")


def split_lines(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def clean_line(line: str) -> str:
    """A line given as a list item (synthetic runs) must not smuggle a line break in."""
    return line.replace("\r", " ").replace("\n", " ")


def number_lines(lines: list[str]) -> str:
    return "\n".join(f"{number}: {clean_line(line)}" for number, line in enumerate(lines, start=1))


def parse_numbered(numbered: str) -> list[str]:
    """Inverse of :func:`number_lines`; raises ValueError on a line out of sequence."""
    if not numbered:
        return []
    lines = []
    for expected, raw in enumerate(numbered.split("\n"), start=1):
        match = _NUMBERED.match(raw)
        if not match or int(match.group(1)) != expected:
            raise ValueError(f"line {expected} is not numbered '{expected}: '")
        lines.append(match.group(2))
    return lines
