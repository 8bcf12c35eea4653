"""Readers for the demo export used by several test modules."""

from __future__ import annotations

import json
from pathlib import Path


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def gold(export: Path) -> list[dict]:
    return read_jsonl(export / "gold" / "gold.jsonl")
