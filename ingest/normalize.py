"""Text normalization: every ingested note is NFC with ``\\n`` line endings and no control bytes.

Leading/trailing whitespace is kept on purpose: gold PHI offsets and section offsets index
the normalized text, and trimming would shift them for no benefit.
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


def normalize_text(text: str) -> str:
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    if text.startswith("\ufeff"):  # a byte-order mark that leaked into a field
        text = text[1:]
    return unicodedata.normalize("NFC", text)


def is_blank(text: str) -> bool:
    return not text.strip()
