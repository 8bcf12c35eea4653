"""Exact-duplicate detection in bounded memory: only fixed-size digests are kept.

Decision (documented in docs/contracts.md §2): a record is a duplicate of an earlier one when
* it has the same ``note_id`` (same source + source row id, e.g. the same export ingested
  twice or in two formats) and the same text, or
* it has the same normalized text for the same patient (a note re-exported or copied forward
  under another row id).
Identical text under *different* patients is kept: short templated notes ("Patient resting
comfortably.") legitimately repeat across patients, and dropping one would lose that
patient's record; near-duplicate removal for training is the corpus stage's job.
The same ``note_id`` with *different* text is not a duplicate but a conflict (the export
reused a row id): the later record is quarantined (E109) rather than silently dropped.
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

NEW, DUPLICATE, CONFLICT = "new", "duplicate", "conflict"


class Verdict(NamedTuple):
    status: str
    duplicate_of: str | None = None


def _patient_text_key(patient_id: str, content_hash: str) -> int:
    # 128 bits as a Python int: smaller than bytes or hex strings, collisions out of reach.
    digest = hashlib.sha256(f"{patient_id}\x1f{content_hash}".encode("utf-8")).digest()
    return int.from_bytes(digest[:16], "big")


class Deduper:
    """Two maps of ints (~190 bytes per note kept: ~95 MB for 500k notes), never any text."""

    def __init__(self):
        self._note_id_of_key: dict[int, int] = {}
        self._key_of_note_id: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._key_of_note_id)

    def check(self, note_id: str, patient_id: str, content_hash: str) -> Verdict:
        """Classify a record and, when it is new, remember it."""
        key = _patient_text_key(patient_id, content_hash)
        number = int(note_id, 16)  # note ids are 16 hex digits (chartforge.ids)
        seen_key = self._key_of_note_id.get(number)
        if seen_key is not None:
            return Verdict(DUPLICATE, note_id) if seen_key == key else Verdict(CONFLICT, note_id)
        first = self._note_id_of_key.get(key)
        if first is not None:
            return Verdict(DUPLICATE, f"{first:016x}")
        self._note_id_of_key[key] = number
        self._key_of_note_id[number] = key
        return Verdict(NEW)
