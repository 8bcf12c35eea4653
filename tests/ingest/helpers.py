"""Run the ingest pipeline in tests and read its outputs back."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from ingest.pipeline import ingest


def run(sources: list[Path], out: Path, config, **kwargs):
    errors = []
    summary = ingest(sources, out, config=config, on_error=lambda file, error: errors.append(error), **kwargs)
    return summary, errors


def table(out: Path, name: str) -> list[dict]:
    return pq.read_table(out / f"{name}.parquet").to_pylist()


def summary_json(out: Path) -> dict:
    return json.loads((out / "ingest_summary.json").read_text())


def assert_reconciled(out: Path) -> dict:
    """Counts in the summary add up, and match the rows actually in the three Parquet files."""
    summary = summary_json(out)
    total = summary["total"]
    assert total["read"] == total["written"] + total["duplicates"] + total["quarantined"]
    assert all(f["reconciled"] for f in summary["files"])
    assert total["written"] == len(table(out, "notes"))
    assert total["duplicates"] == len(table(out, "duplicates"))
    assert total["quarantined"] == len(table(out, "quarantine"))
    return total
