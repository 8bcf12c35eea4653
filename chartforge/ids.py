"""Stable identifiers shared by the stages."""

from __future__ import annotations

import hashlib

_SEPARATOR = "\x1f"  # unit separator: cannot occur in a source name or row id by accident


def note_id(source: str, source_row_id: str) -> str:
    """Stable note id: the same record gets the same id from every export format."""
    return hashlib.sha256(f"{source}{_SEPARATOR}{source_row_id}".encode("utf-8")).hexdigest()[:16]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
