"""Review queue stores: :class:`~review.store.base.ReviewStore` and its SQLite implementation."""

from __future__ import annotations

from pathlib import Path

from review.store.base import ReviewStore


def open_store(path: str | Path) -> ReviewStore:
    """The store at ``path`` (SQLite today; a ``postgresql://`` URL would pick a PostgreSQL store)."""
    from review.store.sqlite import SqliteReviewStore

    return SqliteReviewStore(Path(path))
