"""Fixtures for the review tests: a fresh store and de-identified batches built from gold."""

from __future__ import annotations

import json

import pytest

from review.sampling import SampleSettings
from review.store import open_store
from tests.review.batches import batch_from_gold, synthetic_gold


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path / "review.sqlite")


@pytest.fixture
def synthetic_batch(tmp_path):
    """300 short notes in 6 strata; every 10th note keeps a planted name, every 25th is flagged."""
    return batch_from_gold(synthetic_gold(300), tmp_path / "batch-synthetic", residual_every=10, flag_every=25)


@pytest.fixture
def clean_synthetic_batch(tmp_path):
    return batch_from_gold(synthetic_gold(300), tmp_path / "batch-clean", flag_every=25)


@pytest.fixture
def settings():
    return SampleSettings(target=0.005, confidence=0.95, pilot_size=40, planned_findings=0,
                          finite_population_max=20_000, seed=1)


def write_gold(path, records):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def demo_gold(demo_export):
    """Gold lines of the session's demo export (note ids, text, planted PHI spans)."""
    path = demo_export / "gold" / "gold.jsonl"
    return path, [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
