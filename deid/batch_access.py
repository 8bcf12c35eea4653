"""Who may read a published batch: its owner only, until the residual-PHI gate has passed.

A batch is 0700 with 0600 files when it is published. Only a passed gate opens the folder
(0755) and the files that hold neither note text nor pointers into it: the manifest
(counts, hashes), gate.json and review_sample.parquet (opaque note ids and strata). Every
PHI-bearing file stays 0600 for good: notes.parquet (de-identified text, which the gate
allows to hold residual PHI in up to its target rate of records), flags.parquet (where
the verification pass suspects PHI), quarantine.parquet (export row ids) and
gold_eval.json. A gate that is not passed (failed, pending, stale) closes the batch again.
"""

from __future__ import annotations

from chartforge.contracts.files import GATE as GATE_FILE, MANIFEST as MANIFEST_FILE, REVIEW_SAMPLE

import os
from pathlib import Path

PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600
OPEN_DIR, OPEN_FILE = 0o755, 0o644
OPEN_AFTER_GATE = (MANIFEST_FILE, GATE_FILE, REVIEW_SAMPLE)


def _chmod(path: Path, mode: int) -> None:
    if path.stat().st_mode & 0o777 != mode:
        os.chmod(path, mode)


def close_batch(batch_dir: str | os.PathLike) -> None:
    """Everything owner-only (a batch as published, or after a gate that did not pass)."""
    batch_dir = Path(batch_dir)
    _chmod(batch_dir, PRIVATE_DIR)
    for path in batch_dir.iterdir():
        if path.is_file():
            _chmod(path, PRIVATE_FILE)


def open_batch(batch_dir: str | os.PathLike) -> None:
    """After a passed gate: the folder and OPEN_AFTER_GATE readable, PHI-bearing files not."""
    batch_dir = Path(batch_dir)
    for path in batch_dir.iterdir():
        if path.is_file():
            _chmod(path, OPEN_FILE if path.name in OPEN_AFTER_GATE else PRIVATE_FILE)
    _chmod(batch_dir, OPEN_DIR)
