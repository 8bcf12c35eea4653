"""Arrow schemas and JSON keys of every artifact in docs/contracts.md, defined once.

Stages write with these schemas (``chartforge.contracts.io.write_rows``) and tests check
the artifacts of a demo run against them (tests/chartforge/test_contracts.py).
"""

from __future__ import annotations

import pyarrow as pa

# §1 demo EHR export (flat Parquet)
EXPORT = pa.schema([
    ("row_id", pa.string()), ("source", pa.string()), ("patient_id", pa.string()), ("encounter_id", pa.string()),
    ("note_type", pa.string()), ("note_date", pa.date32()), ("text", pa.string()), ("codes", pa.list_(pa.string())),
])

# §2 ingested notes: the Note, one definition for ingest and the deid batch
SECTION = pa.struct([("name", pa.string()), ("start", pa.int32()), ("end", pa.int32())])
NOTE_FIELDS = [
    ("note_id", pa.string()), ("source", pa.string()), ("source_row_id", pa.string()),
    ("patient_id", pa.string()), ("encounter_id", pa.string()), ("note_type", pa.string()),
    ("note_date", pa.date32()), ("text", pa.string()), ("codes", pa.list_(pa.string())),
    ("sections", pa.list_(SECTION)), ("content_hash", pa.string()),
]
NOTES = pa.schema(NOTE_FIELDS)
INGEST_QUARANTINE = pa.schema([
    ("file", pa.string()), ("row", pa.int64()), ("source_row_id", pa.string()),
    ("error_code", pa.string()), ("reason", pa.string()),
])
DUPLICATES = pa.schema([
    ("note_id", pa.string()), ("duplicate_of", pa.string()), ("content_hash", pa.string()),
    ("file", pa.string()), ("row", pa.int64()),
])
INGEST_SUMMARY_KEYS = ("read", "written", "duplicates", "quarantined")

# §3 de-identified batch (and the deid flow's work-area files)
SURROGATE = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("label", pa.string())])
SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("label", pa.string()),
                  ("score", pa.float64()), ("source", pa.string())])
CHUNK = pa.schema(NOTE_FIELDS + [("row", pa.int64())])  # + the row in the ingested notes.parquet
SPANS = pa.schema([("note_id", pa.string()), ("spans", pa.list_(SPAN))])
DEID_NOTES = pa.schema(NOTE_FIELDS + [("surrogates", pa.list_(SURROGATE))])
FLAGS = pa.schema([("note_id", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
                   ("label", pa.string()), ("score", pa.float64()), ("source", pa.string())])
# What the review sampler may see of a batch: ids and strata, no text.
REVIEW_NOTES = pa.schema([("note_id", pa.string()), ("source", pa.string()), ("note_type", pa.string())])
REVIEW_FLAGS = pa.schema([("note_id", pa.string())])
BATCH_QUARANTINE = pa.schema([("stage", pa.string()), ("file", pa.string()), ("row", pa.int64()),
                              ("source_row_id", pa.string()), ("note_id", pa.string()),
                              ("error_code", pa.string()), ("reason", pa.string())])
REVIEW_SAMPLE_COLUMNS = ("note_id", "stratum", "reason")
BATCH_MANIFEST_KEYS = ("batch_id", "mode", "key_fingerprint", "config_hash", "detector_fingerprint",
                       "code_version", "stages", "quarantine", "reconciliation")
GATE_KEYS = ("status", "reviewed", "findings", "upper_bound", "target", "confidence", "decided_at", "decided_by")
GATE_STATUSES = ("passed", "failed", "pending")

# §5 synthetic run
CODE = pa.struct([("code", pa.string()), ("description", pa.string()), ("confidence", pa.float64()),
                  ("evidence", pa.list_(pa.int64()))])
SYNTH_NOTES = pa.schema([
    ("note_id", pa.string()), ("group_id", pa.string()), ("text", pa.string()), ("lines", pa.list_(pa.string())),
    ("icd10cm", pa.list_(CODE)), ("cpt", pa.list_(CODE)), ("notes", pa.list_(pa.string())),
])
SYNTH_MANIFEST_KEYS = ("run_id", "settings", "counts", "codebook", "files")

# §6 dataset version
RECORD_KEYS = ("id", "source", "instruction", "input", "output")
OUTPUT_KEYS = ("icd10cm", "cpt", "notes")
DATASET_MANIFEST_KEYS = ("counts", "files", "inputs", "flow_run_ids", "git_commit", "config",
                         "codebook_version", "embedding_models", "index_hashes")
