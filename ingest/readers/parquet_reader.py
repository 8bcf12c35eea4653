"""Parquet exports: streamed one batch (``chunk_rows`` rows) at a time; rows count from 1.

A truncated Parquet file has lost its footer (the schema and row-group index), so nothing in
it can be located: the whole file is quarantined as row 0 (E105).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from ingest.context import ReadContext
from ingest.mapping import column_for, missing_columns
from ingest.records import REQUIRED_FIELDS, RawRecord

READ_BATCH_ROWS = 1000


def read(path: Path, ctx: ReadContext) -> Iterator[RawRecord]:
    file = str(path)
    try:
        # No pre-buffering: it reads whole row groups ahead, and a hospital's row groups can be huge.
        parquet = pq.ParquetFile(path, pre_buffer=False, buffer_size=1 << 20)
    except (pa.ArrowException, OSError, ValueError):
        yield RawRecord.failure(file, 0, "E105", reason="not a readable Parquet file: footer missing or corrupt")
        return
    size = path.stat().st_size
    total_rows = max(1, parquet.metadata.num_rows)
    missing = missing_columns(ctx.mapping, parquet.schema_arrow.names, REQUIRED_FIELDS)
    row = 0
    try:
        # Small read batches: each becomes Python objects at once (to_pylist), so they bound memory.
        for batch in parquet.iter_batches(batch_size=min(ctx.chunk_rows, READ_BATCH_ROWS), use_threads=False):
            for values in batch.to_pylist():
                row += 1
                if missing:
                    yield RawRecord.failure(file, row, "E101", field=column_for(ctx.mapping, missing[0]) or missing[0])
                else:
                    yield RawRecord(file=file, row=row, fields=values)
            ctx.on_bytes(int(size * batch.num_rows / total_rows))
    except (pa.ArrowException, OSError) as exc:
        yield RawRecord.failure(file, row + 1, "E105", reason=f"row group unreadable ({type(exc).__name__})")
