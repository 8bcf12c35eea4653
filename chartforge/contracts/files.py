"""File names of the artifacts stages exchange (docs/contracts.md): spelled once, here.

Directory layouts: an ingest directory (§2), a de-identified batch ``<batches_dir>/<batch_id>/``
(§3), a synthetic run ``<runs_dir>/<run_id>/`` (§5), a dataset version
``<datasets_dir>/<name>/<version>/`` (§6).
"""

from __future__ import annotations

# §2 ingest directory, and the notes of a batch (§3) and of a synthetic run (§5)
NOTES = "notes.parquet"
QUARANTINE = "quarantine.parquet"
DUPLICATES = "duplicates.parquet"
INGEST_SUMMARY = "ingest_summary.json"

# §3 de-identified batch
FLAGS = "flags.parquet"
REVIEW_SAMPLE = "review_sample.parquet"
GATE = "gate.json"
GOLD_EVAL = "gold_eval.json"

# §3 batch, §5 run, §6 dataset version: counts, settings, file hashes
MANIFEST = "manifest.json"
MANIFEST_SHA256 = "manifest.sha256"

# §5 synthetic run
SEEDS = "seeds.json"
COOCCURRENCE = "cooccurrence.json"
DISCARDS = "discards.jsonl"
AUGMENTED = "augmented.jsonl"
AUGMENT_SKIPPED = "augment_skipped.jsonl"
RUN_DUPLICATES = "duplicates.jsonl"
RUN_EVAL = "eval.json"

# §6 dataset version
SPLITS = ("train", "validation", "test")


def split_jsonl(split: str) -> str:
    return f"{split}.jsonl"


def split_parquet(split: str) -> str:
    return f"{split}.parquet"
