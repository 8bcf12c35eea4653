"""Arrow schemas of the work-area files and of the published batch (docs/contracts.md §3)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from chartforge.atomic import atomic_path

SECTION = pa.struct([("name", pa.string()), ("start", pa.int32()), ("end", pa.int32())])
SURROGATE = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("label", pa.string())])
SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("label", pa.string()),
                  ("score", pa.float64()), ("source", pa.string())])

NOTE_FIELDS = [
    ("note_id", pa.string()), ("source", pa.string()), ("source_row_id", pa.string()),
    ("patient_id", pa.string()), ("encounter_id", pa.string()), ("note_type", pa.string()),
    ("note_date", pa.date32()), ("text", pa.string()), ("codes", pa.list_(pa.string())),
    ("sections", pa.list_(SECTION)), ("content_hash", pa.string()),
]
# A chunk of ingested notes, plus the row in the ingested notes.parquet (for error messages).
CHUNK = pa.schema(NOTE_FIELDS + [("row", pa.int64())])
SPANS = pa.schema([("note_id", pa.string()), ("spans", pa.list_(SPAN))])
DEID_NOTES = pa.schema(NOTE_FIELDS + [("surrogates", pa.list_(SURROGATE))])
FLAGS = pa.schema([("note_id", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
                   ("label", pa.string()), ("score", pa.float64()), ("source", pa.string())])
# What the review sampler may see of a batch: ids and strata, no text.
REVIEW_NOTES = pa.schema([("note_id", pa.string()), ("source", pa.string()), ("note_type", pa.string())])
REVIEW_FLAGS = pa.schema([("note_id", pa.string())])
# Ingest's quarantine rows (stage "ingest") and the notes the deid stages set aside.
QUARANTINE = pa.schema([("stage", pa.string()), ("file", pa.string()), ("row", pa.int64()),
                        ("source_row_id", pa.string()), ("note_id", pa.string()),
                        ("error_code", pa.string()), ("reason", pa.string())])


def read_rows(path: Path, columns: list[str] | None = None) -> list[dict]:
    return pq.read_table(path, columns=columns).to_pylist() if Path(path).is_file() else []


def write_rows(path: Path, rows: list[dict], schema: pa.Schema, file_mode: int | None = 0o600) -> Path:
    """Write rows atomically (0600 by default: most of these files hold PHI)."""
    table = pa.Table.from_pylist(rows, schema=schema)
    with atomic_path(path, mode=file_mode) as tmp:
        pq.write_table(table, tmp, compression="zstd")
    return Path(path)


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
