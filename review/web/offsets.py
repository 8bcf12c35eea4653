"""Offsets at the browser boundary: JavaScript counts UTF-16 code units, Python code points.

A note that starts with two emoji is four code units but two code points long, so a
selection the browser reports as [6, 19) is [4, 17) in Python. Every offset the page
receives (surrogates, verification flags) is converted to UTF-16 here, and every offset it
sends back (findings) is converted to code points; an offset that falls between the two
halves of a surrogate pair is refused, it cannot come from a real selection.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate


class Utf16Map:
    def __init__(self, text: str):
        self.length = len(text)
        # starts[i] = UTF-16 offset of code point i; None when the text is all BMP (the
        # common case: both counts agree and no table is needed).
        if any(ord(ch) > 0xFFFF for ch in text):
            self._starts: list[int] | None = [0, *accumulate(2 if ord(ch) > 0xFFFF else 1 for ch in text)]
        else:
            self._starts = None

    @property
    def utf16_length(self) -> int:
        return self._starts[-1] if self._starts else self.length

    def to_utf16(self, code_point: int) -> int:
        if not 0 <= code_point <= self.length:
            raise ValueError("offset outside the note")
        return self._starts[code_point] if self._starts else code_point

    def to_code_point(self, unit: int) -> int:
        """The code point offset of a UTF-16 offset; ValueError inside a surrogate pair or outside."""
        if not 0 <= unit <= self.utf16_length:
            raise ValueError("offset outside the note")
        if self._starts is None:
            return unit
        index = bisect_left(self._starts, unit)
        if self._starts[index] != unit:
            raise ValueError("offset inside a surrogate pair")
        return index
