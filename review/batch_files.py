"""Reading a batch's Parquet files: a missing, moved or damaged file is one clear error.

The reviewers' queue outlives the batch folder it points at: an operator may move or
delete a batch, or a copy may be cut short. Without this, `review sample`, `review next`
and the web UI showed a polars or OS traceback. The reason names the kind of failure and
the library's first line (file structure, never note content), cut short.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

import polars as pl

from chartforge.errors import ChartforgeError

REASON_CHARS = 160


@contextlib.contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn an OS or Parquet failure while reading ``path`` into E110."""
    try:
        yield
    except (OSError, pl.exceptions.PolarsError) as exc:
        first_line = (str(exc).strip().splitlines() or [""])[0][:REASON_CHARS]
        reason = f"{type(exc).__name__}: {first_line}" if first_line else type(exc).__name__
        raise ChartforgeError.make("E110", file=path, reason=reason) from None
