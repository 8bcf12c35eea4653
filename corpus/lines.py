"""Numbered note lines: the ``input`` of every instruction record.

The rule is the contracts' (chartforge/contracts/lines.py, corpus/README.md): the note is
split on ``\\n``; trailing empty lines are dropped; every remaining line, blank ones included,
becomes ``"<n>: <line>"`` with ``n`` counting from 1; evidence in ``output`` uses the same
numbers, so a trainer maps evidence back to text with ``parse_numbered``.
"""

from __future__ import annotations

from chartforge.contracts.lines import clean_line, number_lines, parse_numbered, split_lines

__all__ = ["clean_line", "number_lines", "parse_numbered", "split_lines"]
