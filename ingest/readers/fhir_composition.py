"""Composition -> note text: the note is the concatenation of its sections' narratives.

Each ``section.text.div`` is XHTML; the text is recovered by dropping the tags (``<br/>`` is a
line break) and unescaping entities. Nested sections follow their parent, in order.
"""

from __future__ import annotations

import html
import re

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def narrative_text(div: str) -> str:
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", div)))


def _sections_text(sections) -> list[str]:
    parts = []
    for section in sections or []:
        if not isinstance(section, dict):
            continue
        div = (section.get("text") or {}).get("div")
        if isinstance(div, str):
            parts.append(narrative_text(div))
        parts.extend(_sections_text(section.get("section")))
    return parts


def composition_text(resource: dict) -> str | None:
    parts = _sections_text(resource.get("section"))
    return "".join(parts) if parts else None
