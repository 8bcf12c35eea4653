"""Run directory I/O: JSONL artifacts and the contract's notes.parquet, all written atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from chartforge.atomic import atomic_open, atomic_path

from chartforge.contracts.schemas import SYNTH_NOTES as NOTES_SCHEMA  # docs/contracts.md §5


def write_jsonl(path: Path, rows: Iterable[dict]) -> int:
    n = 0
    with atomic_open(path) as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True, default=str) + "\n")
            n += 1
    return n


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _codes(items: list[dict]) -> list[dict]:
    return [{"code": c["code"], "description": c.get("description", ""), "confidence": float(c["confidence"]),
             "evidence": [int(i) for i in c["evidence"]]} for c in items]


def write_notes_parquet(path: Path, records: list[dict]) -> None:
    columns = {
        "note_id": [r["note_id"] for r in records], "group_id": [r["group_id"] for r in records],
        "text": [r["text"] for r in records], "lines": [list(r["lines"]) for r in records],
        "icd10cm": [_codes(r["icd10cm"]) for r in records], "cpt": [_codes(r["cpt"]) for r in records],
        "notes": [list(r.get("notes", [])) for r in records],
    }
    table = pa.table(columns, schema=NOTES_SCHEMA)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp)
