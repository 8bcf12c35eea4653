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

# §3 a batch's protected work dir (<work_dir>/deid/<batch_id>/): what its stages hand each other
PLAN = "plan.json"                      # the batch plan (ids, paths, planned settings)
MRN_MAP = "mrn_map.json"                # batch-wide MRN -> synthetic MRN (PHI: 0600)
CHUNK_INDEX = "index.json"              # chunks/index.json: how many chunks
SPANS = "spans.parquet"                 # chunks/NNNNN/: detected spans per note
DEID_NOTES = "deid.parquet"             # chunks/NNNNN/: the rewritten notes
DETECT_QUARANTINE = "detect_quarantine.parquet"
SURROGATE_QUARANTINE = "surrogate_quarantine.parquet"

# §3 batch, §5 run, §6 dataset version: counts, settings, file hashes
MANIFEST = "manifest.json"
MANIFEST_SHA256 = "manifest.sha256"

# §1 demo EHR export
EXPORT_JSONL = "export.jsonl"
EXPORT_PARQUET = "export.parquet"
FHIR_BUNDLE = "bundle.json"
GOLD = "gold.jsonl"                     # gold/gold.jsonl
PHI_VALUES = "phi_values.json"          # gold/phi_values.json

# codebooks' retrieval index cache (<cache_dir>/index-<key>/): `chartforge codebooks info` reads it
INDEX_MANIFEST = MANIFEST
INDEX_TEXTS = "texts.json"

# §5 synthetic run
SEEDS = "seeds.json"
COOCCURRENCE = "cooccurrence.json"
DISCARDS = "discards.jsonl"
AUGMENTED = "augmented.jsonl"
AUGMENT_SKIPPED = "augment_skipped.jsonl"
RUN_DUPLICATES = "duplicates.jsonl"
RUN_EVAL = "eval.json"


def generated_chunk(number: int | str) -> str:
    """chunks/generated-NNNN.jsonl (``"*"``: the glob of every chunk)."""
    return f"generated-{number if number == '*' else f'{int(number):04d}'}.jsonl"


def labelled_chunk(number: int | str) -> str:
    """chunks/labelled-NNNN.jsonl (``"*"``: the glob of every chunk)."""
    return f"labelled-{number if number == '*' else f'{int(number):04d}'}.jsonl"


# §6 dataset version
SPLITS = ("train", "validation", "test")


# the demo's output directory (chartforge demo)
DEMO_SUMMARY = "summary.json"
BASELINE_PRED = "baseline_pred.jsonl"
BASELINE_EVAL = "baseline_eval.json"


def split_jsonl(split: str) -> str:
    return f"{split}.jsonl"


def split_parquet(split: str) -> str:
    return f"{split}.parquet"
