"""The Prefect flow `gate` only orchestrates review.gate.run_gate: same gate.json, plus its run id."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from chartforge.cli import cli
from review import queue
from review.sampling import SampleSettings
from review.simulated_reviewer import review_queue
from review.store import open_store
from tests.review.batches import batch_from_gold, synthetic_gold
from tests.review.conftest import write_gold


@pytest.mark.slow
def test_gate_flow_writes_gate_json_with_its_run_id(tmp_path):
    batch = batch_from_gold(synthetic_gold(120), tmp_path / "batch-flow")
    store = open_store(tmp_path / "review.sqlite")
    queue.open_round(store, batch.path, SampleSettings(pilot_size=30), 1, "sue", 0.02)
    review_queue(store, "sim", write_gold(tmp_path / "gold.jsonl", synthetic_gold(120)))
    result = CliRunner().invoke(cli, ["review", "gate", str(batch.path), "--store", str(store.path),
                                      "--by", "sue", "--flow"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    payload = json.loads((batch.path / "gate.json").read_text())
    assert payload["status"] == "passed" and payload["flow_run_id"]
    assert payload["decided_by"] == "sue"
