"""Review queue stores: :class:`~review.store.base.ReviewStore` and its SQLite implementation."""

from __future__ import annotations

from pathlib import Path

from review.store.base import ReviewStore


def open_store(path: str | Path, busy_timeout_ms: int | None = None) -> ReviewStore:
    """The store at ``path`` (SQLite today; a ``postgresql://`` URL would pick a PostgreSQL store).

    ``busy_timeout_ms``: how long a write waits for another writer before StoreBusy (default:
    30 s for command-line tools; the web UI passes a short one)."""
    from review.store.sqlite import BUSY_TIMEOUT_MS, SqliteReviewStore

    return SqliteReviewStore(Path(path), busy_timeout_ms or BUSY_TIMEOUT_MS)
