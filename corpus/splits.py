"""Split assignment by a stable, salted hash of the split group.

The split is a pure function of (salt, group key): every record of a patient (or of a
generation group) gets the same split, in this build and in every later build, whatever
else is in the corpus. That is why leakage of a patient across splits is impossible, and
why adding a batch never moves existing patients between splits.
"""

from __future__ import annotations

import hashlib

from corpus.settings import CorpusSettings

SPLITS = ("train", "validation", "test")
_SEPARATOR = "\x1f"


def group_unit(salt: str, group_key: str) -> float:
    """A uniform number in [0, 1) from the group key (first 8 bytes of SHA-256)."""
    digest = hashlib.sha256(f"{salt}{_SEPARATOR}{group_key}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


def split_for_group(group_key: str, settings: CorpusSettings) -> str:
    unit = group_unit(settings.split_salt, group_key)
    if unit < settings.test_fraction:
        return "test"
    remaining = (unit - settings.test_fraction) / (1.0 - settings.test_fraction)
    return "validation" if remaining < settings.validation_fraction else "train"


def group_hash(group_key: str) -> str:
    """What the published data keeps of the group: a hash, never the pseudonym itself."""
    return hashlib.sha256(group_key.encode("utf-8")).hexdigest()[:16]


def assign_splits(records, settings: CorpusSettings) -> None:
    for record in records:
        record.split = split_for_group(record.group_key, settings)
