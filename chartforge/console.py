"""Terminal output that prints data as data.

Rich reads any ``[word]`` in a printed string (and in table cells and titles) as a style tag and
drops it silently. Our strings are full of brackets: ICD-10-CM titles ("Giardiasis [lambliasis]",
1,142 of them), configuration sections in hints ("[codebooks] index_terms = ..."), reasons that
name a stage ("[corpus.probe] real"), note types. Four times a table lost text this way before
each case was escaped by hand. So every console the project makes comes from :func:`make_console`,
with markup off: a string always prints as written. The few words that carry a colour are built
as :class:`rich.text.Text` by :func:`styled` and :func:`line`; ``tests/test_house_rules.py`` keeps
``Console(`` and markup tags out of the rest of the code.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

__all__ = ["Text", "line", "make_console", "styled"]


def make_console(**options: Any) -> Console:
    """A rich Console that never reads markup in what it prints (any other option passes on)."""
    options.setdefault("highlight", False)  # no guessed colours on numbers and paths in data
    return Console(markup=False, **options)


def styled(text: object, style: str) -> Text:
    """``text`` in one style, as a table cell or a part of :func:`line`."""
    return Text(str(text), style=style)


def line(*parts: object) -> Text:
    """One printed line from parts: a ``(text, style)`` pair is styled, anything else is plain."""
    out = Text()
    for part in parts:
        if isinstance(part, tuple):
            out.append(str(part[0]), style=part[1])
        elif isinstance(part, Text):
            out.append_text(part)
        else:
            out.append(str(part))
    return out
