"""Readers and writers built on the contracts: typed Parquet rows and JSON, written atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from chartforge.atomic import atomic_path


def read_rows(path: Path) -> list[dict]:
    """Rows of a Parquet artifact ([] when the file is absent: an empty stage writes none)."""
    return pq.read_table(path).to_pylist() if Path(path).is_file() else []


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
