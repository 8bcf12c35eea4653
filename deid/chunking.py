"""Split very long notes into pieces spaCy can take (its max_length is 1,000,000 characters
and memory grows with document length) and map spans back to note offsets.

Cuts fall on a blank line, else a line break, else whitespace in the last 20% of a piece,
so a cut never splits a word (a name cut in half would be missed by both halves).
"""

from __future__ import annotations


def chunk_text(text: str, max_chars: int) -> list[tuple[int, str]]:
    """``[(offset, piece), ...]`` covering ``text`` exactly, each piece at most ``max_chars``."""
    if len(text) <= max_chars:
        return [(0, text)]
    pieces, start = [], 0
    while start < len(text):
        end = min(start + max_chars, len(text))
        if end < len(text):
            floor = start + int(max_chars * 0.8)
            for separator in ("\n\n", "\n", " ", "\t"):
                cut = text.rfind(separator, floor, end)
                if cut > start:
                    end = cut + len(separator)
                    break
        pieces.append((start, text[start:end]))
        start = end
    return pieces
