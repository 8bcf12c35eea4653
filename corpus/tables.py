"""The published data files of a version: per split, instruction JSONL and typed Parquet."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from corpus.splits import group_hash

LABEL = pl.Struct({"code": pl.String, "description": pl.String, "confidence": pl.Float64,
                   "evidence": pl.List(pl.Int32)})
SCHEMA = {
    "id": pl.String, "source": pl.String, "split": pl.String,
    "lineage_id": pl.String,  # de-ID batch id or synthetic run id
    "note_id": pl.String, "group_hash": pl.String, "note_type": pl.String,
    "instruction": pl.String, "input": pl.String, "output": pl.String,
    "lines": pl.List(pl.String), "icd10cm": pl.List(LABEL), "cpt": pl.List(LABEL),
    "notes": pl.List(pl.String),
}


def jsonl_name(split: str) -> str:
    return f"{split}.jsonl"


def parquet_name(split: str) -> str:
    return f"{split}.parquet"


def write_split(directory: Path, split: str, records) -> None:
    """Both files of one split, records in id order (stable bytes for stable inputs)."""
    records = sorted(records, key=lambda r: r.id)
    rows = []
    with open(directory / jsonl_name(split), "w", encoding="utf-8") as handle:
        for record in records:
            example = record.instruction_example()
            handle.write(json.dumps(example, ensure_ascii=False) + "\n")
            rows.append({**example, "split": split, "lineage_id": record.lineage_id,
                         "note_id": record.note_id, "group_hash": group_hash(record.group_key),
                         "note_type": record.note_type, "lines": record.lines,
                         "icd10cm": record.icd10cm, "cpt": record.cpt, "notes": record.notes})
    frame = pl.DataFrame(rows, schema=SCHEMA) if rows else pl.DataFrame(schema=SCHEMA)
    frame.write_parquet(directory / parquet_name(split))


def read_examples(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
