"""Arrow schemas of the ingest outputs (docs/contracts.md §2)."""

from __future__ import annotations

import pyarrow as pa

SECTION = pa.struct([("name", pa.string()), ("start", pa.int32()), ("end", pa.int32())])

NOTES = pa.schema([
    ("note_id", pa.string()),
    ("source", pa.string()),
    ("source_row_id", pa.string()),
    ("patient_id", pa.string()),
    ("encounter_id", pa.string()),
    ("note_type", pa.string()),
    ("note_date", pa.date32()),
    ("text", pa.string()),
    ("codes", pa.list_(pa.string())),
    ("sections", pa.list_(SECTION)),
    ("content_hash", pa.string()),
])

QUARANTINE = pa.schema([
    ("file", pa.string()),
    ("row", pa.int64()),
    ("source_row_id", pa.string()),
    ("error_code", pa.string()),
    ("reason", pa.string()),
])

DUPLICATES = pa.schema([
    ("note_id", pa.string()),
    ("duplicate_of", pa.string()),
    ("content_hash", pa.string()),
    ("file", pa.string()),
    ("row", pa.int64()),
])
