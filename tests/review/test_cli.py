"""`chartforge review ...` end to end on the demo export: sample, simulated review, gate
pass and gate fail (exit codes, gate.json, corpus refusal), users, exports, terminal mode."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys

import pytest
import yaml
from click.testing import CliRunner

from chartforge.cli import cli
from review import queue
from review.sampling import SampleSettings
from review.simulated_reviewer import review_queue
from review.store import open_store
from tests.review.batches import batch_from_gold

PASSWORD = "correct horse battery"


def run(*args, input=None):
    return CliRunner().invoke(cli, list(map(str, args)), input=input, catch_exceptions=False)


def test_gate_passes_end_to_end_on_the_clean_demo_batch(tmp_path, demo_gold):
    gold_path, gold = demo_gold
    batch = batch_from_gold(gold, tmp_path / "batch-clean", flag_every=11)
    store = tmp_path / "review.sqlite"
    sampled = run("review", "sample", batch.path, "--store", store)
    assert sampled.exit_code == 0, sampled.output
    assert "pilot" in sampled.output and (batch.path / "review_sample.parquet").is_file()
    # Before any review the gate is pending: exit 1, gate.json says so.
    assert run("review", "gate", batch.path, "--store", store, "--by", "sue").exit_code == 1
    assert json.loads((batch.path / "gate.json").read_text())["status"] == "pending"
    simulated = subprocess.run([sys.executable, "-m", "review.simulated_reviewer", str(batch.path), "--gold",
                                str(gold_path), "--store", str(store)], capture_output=True, text=True, check=True)
    assert "test/demo device" in simulated.stdout
    gate = run("review", "gate", batch.path, "--store", store, "--by", "sue")
    assert gate.exit_code == 0, gate.output
    payload = json.loads((batch.path / "gate.json").read_text())
    assert payload["status"] == "passed" and payload["findings"] == 0 and payload["upper_bound"] < 0.005
    assert payload["decided_by"] == "sue" and payload["method"] == "hypergeometric"
    assert payload["reviewed"] >= payload["sample_size"] * 0.9
    from corpus.inputs import load_deid_batch

    assert load_deid_batch(str(batch.path)).kind == "deid"  # the corpus build accepts it


def test_gate_fails_end_to_end_when_de_id_missed_names(tmp_path, demo_gold):
    gold_path, gold = demo_gold
    batch = batch_from_gold(gold, tmp_path / "batch-leaky", residual_every=8, flag_every=11)
    store = tmp_path / "review.sqlite"
    assert run("review", "sample", batch.path, "--store", store).exit_code == 0
    counts = review_queue(open_store(store), "simulated", gold_path)
    assert counts["phi"] >= 3
    gate = run("review", "gate", batch.path, "--store", store)
    assert gate.exit_code == 1 and "pilot" in gate.output
    payload = json.loads((batch.path / "gate.json").read_text())
    assert payload["status"] == "failed" and payload["findings"] > payload["pilot"]["allowed"]
    # Fail fast: the random review stopped as soon as the pilot had too much PHI.
    assert payload["reviewed"] < payload["pilot"]["size"] and payload["findings"] == payload["pilot"]["allowed"] + 1
    from chartforge.errors import ChartforgeError
    from corpus.inputs import load_deid_batch

    with pytest.raises(ChartforgeError) as refused:
        load_deid_batch(str(batch.path))
    assert refused.value.code == "E301"
    # Nothing the CLI printed names a residual value.
    residual_values = set()
    from review.notes import load_note

    for note_id, (start, end, _) in batch.residual.items():
        residual_values.add(load_note(batch.path, note_id).text[start:end])
    audit = run("review", "export-audit", "--store", store)
    for value in residual_values:
        assert value not in gate.output and value not in audit.output
    # Findings feed back: a 0600 YAML with the missed values and (for structured labels) shapes.
    out = tmp_path / "work" / "findings.yaml"
    exported = run("review", "export-findings", batch.path, "--store", store, "--out", out)
    assert exported.exit_code == 0 and not any(v in exported.output for v in residual_values)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    findings = yaml.safe_load(out.read_text())
    assert findings["missed"] and all(any(m["text"] in value for value in residual_values)
                                      for m in findings["missed"])
    assert "CONTAINS RESIDUAL PHI" in out.read_text()


def test_rerun_batch_fails_stale_gate_and_resample_opens_round_two(tmp_path, demo_gold):
    gold_path, gold = demo_gold
    batch = batch_from_gold(gold, tmp_path / "batch-rerun")
    store = tmp_path / "review.sqlite"
    assert run("review", "sample", batch.path, "--store", store).exit_code == 0
    review_queue(open_store(store), "simulated", gold_path)
    batch_from_gold(gold, tmp_path / "batch-rerun", residual_every=8)  # the batch is re-run: other notes
    gate = run("review", "gate", batch.path, "--store", store)
    assert gate.exit_code == 1 and "notes.parquet changed" in gate.output
    assert json.loads((batch.path / "gate.json").read_text())["status"] == "failed"
    again = run("review", "sample", batch.path, "--store", store)
    assert again.exit_code == 0 and "-r2" in again.output
    assert run("review", "gate", batch.path, "--store", store).exit_code == 1  # pending again


def test_add_user_validates_and_hashes(tmp_path):
    store = tmp_path / "review.sqlite"
    ok = run("review", "add-user", "ann", "--role", "steward", "--password-stdin", "--store", store,
             input=PASSWORD + "\n")
    assert ok.exit_code == 0
    user = open_store(store).get_user("ann")
    assert user.role == "steward" and user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    short = run("review", "add-user", "bob", "--password-stdin", "--store", store, input="short\n")
    assert short.exit_code == 2 and "E307" in short.output


def test_export_audit_is_csv_without_note_text(tmp_path, store, synthetic_batch, settings):
    queue.open_round(store, synthetic_batch.path, settings, 1, "sue", 0.02)
    item = queue.next_item(store, "ann", 1800)
    from review.store.base import Finding

    store.record_decision(item.item_id, "ann", "phi", [Finding(3, 9, "NAME")], queue.now_iso())
    out = tmp_path / "audit.csv"
    assert run("review", "export-audit", "--store", store.path, "--out", out).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [r["action"] for r in rows] == ["open_round", "decide_phi"]
    assert rows[1]["actor"] == "ann" and rows[1]["item_id"] == item.item_id
    assert json.loads(rows[1]["detail"]) == [{"start": 3, "end": 9, "label": "NAME"}]


def test_status_and_input_errors(tmp_path, synthetic_batch):
    store = tmp_path / "review.sqlite"
    missing = run("review", "status", synthetic_batch.path, "--store", store)
    assert missing.exit_code == 3 and "E305" in missing.output
    empty = tmp_path / "not-a-batch"
    empty.mkdir()
    assert run("review", "sample", empty, "--store", store).exit_code == 3
    assert run("review", "sample", synthetic_batch.path, "--store", store).exit_code == 0
    status = run("review", "status", synthetic_batch.path, "--store", store)
    assert status.exit_code == 0 and "PENDING" in status.output
    assert not (synthetic_batch.path / "gate.json").exists()  # status never writes the gate


def test_terminal_review_mode(tmp_path, synthetic_batch):
    store_path = tmp_path / "review.sqlite"
    store = open_store(store_path)
    from review.auth import add_user

    add_user(store, "ann", PASSWORD, "reviewer", "test")
    # seed 22: the first note drawn keeps its planted name, so the flag path runs (seed 2 never did)
    info, plan = queue.open_round(store, synthetic_batch.path, SampleSettings(pilot_size=10, seed=22), 1, "sue", 0.5)
    first = plan.notes[0].note_id
    residual = synthetic_batch.residual[first]
    from review.notes import load_note

    text = load_note(synthetic_batch.path, first).text
    # Note 1: flag the planted name; note 2: clean; then undo the second; quit.
    keys = ["f", text[residual[0]:residual[1]], "1", "n", "c", "u", "q"]
    result = run("review", "next", "--user", "ann", "--store", store_path, input=PASSWORD + "\n" + "\n".join(keys) + "\n")
    assert result.exit_code == 0, result.output
    decisions = store.decisions(info.round_id)
    assert len(decisions) == 1  # two decided, the second undone
    assert decisions[0].verdict == "phi"
    wrong = run("review", "next", "--user", "ann", "--store", store_path, input="nope\n")
    assert wrong.exit_code == 2 and "E302" in wrong.output
