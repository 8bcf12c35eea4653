"""Text normalization: every ingested note is NFC with ``\\n`` line endings and no control bytes.

Leading/trailing whitespace is kept on purpose: gold PHI offsets and section offsets index
the normalized text, and trimming would shift them for no benefit.

Every other string field (ids, source, note type, codes) is one line: ``normalize_field``
also turns line breaks and tabs into a space and drops the bidirectional overrides and
isolates, which can make a terminal or a page show text in another order than it has. An
export's fields are data: nothing in them may reach a terminal as a control sequence.
"""

from __future__ import annotations

import re
import unicodedata

# CRLF, lone CR, NEL and the Unicode line/paragraph separators all end a line; vertical tab
# and form feed (page breaks in old report printers) become line breaks instead of vanishing,
# so the words on either side stay apart.
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# C0 and C1 controls except \t and \n (already the only line break left), plus DEL.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


# Tabs and every line break, in one-line fields: a run becomes one space.
_FIELD_BREAKS = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]+")
# Bidi embeddings/overrides (LRE..RLO), isolates (LRI..PDI), the marks, and the byte-order mark.
_FIELD_INVISIBLES = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def normalize_field(value: str) -> str:
    """One-line field: no controls, no bidi overrides, NFC, single spaces for breaks, trimmed."""
    value = _FIELD_BREAKS.sub(" ", value)
    value = _CONTROLS.sub("", value)
    value = _FIELD_INVISIBLES.sub("", value)
    return unicodedata.normalize("NFC", value).strip()


def normalize_text(text: str) -> str:
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    if text.startswith("\ufeff"):  # a byte-order mark that leaked into a field
        text = text[1:]
    return unicodedata.normalize("NFC", text)


def is_blank(text: str) -> bool:
    return not text.strip()
