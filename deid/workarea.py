"""The protected work area: PHI-bearing intermediate files live only here (0700)."""

from __future__ import annotations

import os
from pathlib import Path


def protected_dir(path: str | os.PathLike) -> Path:
    """Create ``path`` (and parents) and make it 0700 even if it already existed looser."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


SUBDIRS = ("ingest", "chunks", "markers", "review")


def batch_work_dir(work_root: str | os.PathLike, batch_id: str) -> Path:
    """The batch's work dir and its fixed subdirectories, all 0700 (files in them are 0600)."""
    protected_dir(work_root)
    protected_dir(Path(work_root) / "deid")
    work = protected_dir(Path(work_root) / "deid" / batch_id)
    for name in SUBDIRS:
        protected_dir(work / name)
    return work
