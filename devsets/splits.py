"""Stable dev/test split by a hash of the note's text: copies of one text never straddle
splits, and the split does not move when the source file is reordered or extended."""

from __future__ import annotations

import hashlib

DEV, TEST = "dev", "test"


def text_key(text: str) -> str:
    """16 hex of sha256(text): the note's id in every dev set built from real text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def split_of(key: str, dev_share: float = 0.6) -> str:
    """``dev`` for the first ``dev_share`` of the hash space, else ``test``."""
    bucket = int(hashlib.sha256(f"split:{key}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return DEV if bucket < dev_share else TEST
