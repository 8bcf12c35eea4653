"""Readers and writers built on the contracts: typed Parquet rows and JSON, written atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from chartforge.atomic import atomic_path


def read_rows(path: Path, columns: list[str] | None = None) -> list[dict]:
    """Rows of a Parquet artifact ([] when the file is absent: an empty stage writes none)."""
    return pq.read_table(path, columns=columns).to_pylist() if Path(path).is_file() else []


def count_rows(path: Path) -> int:
    """Rows of a Parquet file from its footer (0 if absent), without reading the data."""
    return pq.ParquetFile(path).metadata.num_rows if Path(path).is_file() else 0


def iter_rows(path: Path, batch_rows: int = 2000):
    """The rows of a Parquet file, a record batch at a time: memory bounded by ``batch_rows``."""
    if not Path(path).is_file():
        return
    for record_batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows):
        yield from record_batch.to_pylist()


def concat_files(target: Path, sources: list[Path], schema: pa.Schema, file_mode: int | None = 0o600) -> int:
    """Append the Parquet files ``sources`` (each ``schema``) into one file, one file in memory at
    a time (a row group per source); returns the rows written. Atomic like write_rows."""
    rows = 0
    with atomic_path(target, mode=file_mode) as tmp:
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            for source in sources:
                if Path(source).is_file():
                    table = pq.read_table(source, schema=schema)
                    if table.num_rows:
                        writer.write_table(table)
                        rows += table.num_rows
    return rows


def write_rows(path: Path, rows: list[dict], schema: pa.Schema, file_mode: int | None = 0o600) -> Path:
    """Write rows with their contract schema, atomically (0600 by default: most hold PHI)."""
    table = pa.Table.from_pylist(rows, schema=schema)
    with atomic_path(path, mode=file_mode) as tmp:
        pq.write_table(table, tmp, compression="zstd")
    return Path(path)


def read_json(path: Path) -> Any:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def conforms(table: pa.Table, schema: pa.Schema) -> list[str]:
    """What in ``table`` differs from ``schema`` (names, order, types); [] when it conforms."""
    problems = []
    got = {f.name: f.type for f in table.schema}
    for field in schema:
        if field.name not in got:
            problems.append(f"missing column {field.name}")
        elif not got[field.name].equals(field.type):
            problems.append(f"column {field.name}: {got[field.name]} is not {field.type}")
    extra = [name for name in got if name not in schema.names]
    if extra:
        problems.append(f"columns not in the contract: {', '.join(extra)}")
    return problems
