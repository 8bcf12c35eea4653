"""Text from an export, made safe for a terminal: data, never markup or control sequences.

Rich parses ``[...]`` in strings as markup (``[/bold]`` in a note type crashed `review
status` with MarkupError; ``[link=...]`` would make a hyperlink) and passes ESC/BEL
through, so an OSC 8 link or a screen clear in a field would reach the terminal. ``plain``
returns a :class:`rich.text.Text` (which Rich never parses) with every control character
and bidi override replaced by U+FFFD: one character for one, so span offsets still fit.
"""

from __future__ import annotations

import re

from rich.text import Text

# C0 except \t and \n, DEL, C1, and the bidi embeddings/overrides/isolates.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile("[\t\n]")
PLACEHOLDER = "\ufffd"


def plain(value: object, one_line: bool = False, style: str = "") -> Text:
    text = _UNSAFE.sub(PLACEHOLDER, str(value))
    if one_line:
        text = _BREAKS.sub(" ", text)
    return Text(text, style=style)
