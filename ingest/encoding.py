"""Which text encoding a CSV export uses.

The configured encoding (UTF-8 by default) is checked by decoding the whole file in
streaming chunks; only if that fails is charset-normalizer asked, on a bounded sample
(the start of the file plus the region around the first bad byte), never the whole file.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from chartforge.errors import ChartforgeError

_CHUNK = 1 << 20
_BOM_ENCODINGS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                  (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                  (codecs.BOM_UTF16_BE, "utf-16"))


def _first_decode_error(path: Path, encoding: str) -> int | None:
    """Byte offset of the first undecodable byte, or None if the file decodes cleanly."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    with open(path, "rb") as handle:
        while True:
            block = handle.read(_CHUNK)
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                return offset + max(exc.start, 0)
            if not block:
                return None
            offset += len(block)


def _pick(matches, tie_breakers: tuple[str, ...]) -> str | None:
    """charset-normalizer's best guess, except that among equally good guesses the configured
    tie-breakers win: on short English text cp1250 and cp1252 score the same, and a US EHR
    export is far more likely Windows-1252."""
    best = matches.best()
    if best is None:
        return None
    ties = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    for wanted in tie_breakers:
        wanted = codecs.lookup(wanted).name
        for match in ties:
            if any(codecs.lookup(name).name == wanted for name in match.could_be_from_charset):
                return wanted
    return best.encoding


def detect_encoding(path: Path, preferred: str = "utf-8", tie_breakers: tuple[str, ...] = ("cp1252",)) -> tuple[str, bool]:
    """(encoding, detected): ``detected`` is True when the preferred encoding did not work."""
    with open(path, "rb") as handle:
        head = handle.read(_CHUNK)
    for bom, encoding in _BOM_ENCODINGS:
        if head.startswith(bom):
            return encoding, encoding.replace("-sig", "") != preferred.lower().replace("_", "-")
    bad_offset = _first_decode_error(path, preferred)
    if bad_offset is None:
        return preferred, False
    with open(path, "rb") as handle:
        handle.seek(max(0, bad_offset - _CHUNK // 4))
        around_error = handle.read(_CHUNK // 2)
    encoding = _pick(from_bytes(head + b"\n" + around_error), tie_breakers)
    if encoding is None or _first_decode_error(path, encoding) is not None:
        raise ChartforgeError.make("E106", file=path, reason=f"not {preferred} and no other text encoding fits")
    return encoding, True
