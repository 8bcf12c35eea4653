"""Streaming Parquet output: rows are buffered up to one row group, then flushed.

Memory is bounded by ``chunk_rows`` whatever the size of the export. The sink writes to a
path it is given; the pipeline gives it a temporary path and renames it at the end
(chartforge.atomic), so a killed run never leaves half a file under the final name.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


class ParquetSink:
    def __init__(self, path: Path, schema: pa.Schema, chunk_rows: int):
        self.schema = schema
        self.chunk_rows = max(1, chunk_rows)
        self.rows_written = 0
        self._buffer: list[dict] = []
        self._writer = pq.ParquetWriter(str(path), schema, compression="zstd")

    def append(self, row: dict) -> None:
        self._buffer.append(row)
        if len(self._buffer) >= self.chunk_rows:
            self.flush()

    def flush(self) -> None:
        if self._buffer:
            self._writer.write_table(pa.Table.from_pylist(self._buffer, schema=self.schema),
                                     row_group_size=self.chunk_rows)
            self.rows_written += len(self._buffer)
            self._buffer = []

    def close(self) -> None:
        self.flush()
        self._writer.close()
