"""Reading JSON Lines files of records, one parse rule per caller.

Several stages read small JSONL inputs (gold spans, index terms, coded notes) with the same
contract: blank lines are skipped, and a line that is not JSON or lacks what the record
needs stops the read with the caller's coded error naming file and row, never the line's
content (it may hold PHI).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from chartforge.errors import ChartforgeError

T = TypeVar("T")


def parse_records(path: Path, parse: Callable[[dict], T],
                  error: Callable[[int, Exception], ChartforgeError]) -> Iterator[T]:
    """``parse(record)`` for each non-blank line of ``path``; a JSON, key or type failure on
    row N raises ``error(N, exception)``. A ``.gz`` file is read decompressed."""
    opened = gzip.open(path, "rt", encoding="utf-8") if Path(path).suffix == ".gz" else open(path, encoding="utf-8")
    with opened as handle:
        for row, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = parse(json.loads(line))
            except (ValueError, KeyError, TypeError) as exc:
                raise error(row, exc) from None
            yield value
