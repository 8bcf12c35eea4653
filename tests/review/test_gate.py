"""Gate decisions from reviews: pilot fail-fast, pass, failure at close, flags outside the bound."""

from __future__ import annotations

import json

import pytest

from review import queue
from review.gate import FAILED, PASSED, PENDING, evaluate, run_gate
from review.simulated_reviewer import review_queue
from review.store.base import Finding
from tests.review.batches import synthetic_gold
from tests.review.conftest import write_gold


def test_pilot_with_too_much_phi_fails_fast(store, synthetic_batch, settings, tmp_path):
    gold = write_gold(tmp_path / "gold.jsonl", synthetic_gold(300))
    info, plan = queue.open_round(store, synthetic_batch.path, settings, 1, "steward", 0.02)
    counts = review_queue(store, "sim", gold)
    result, payload = run_gate(store, synthetic_batch.path, "steward")
    assert result.status == FAILED and result.pilot.failed
    assert "pilot" in result.reason
    # Fail fast: the main sample was never served once the pilot failed.
    assert result.pilot.reviewed <= plan.count("pilot") and result.bound.reviewed == result.pilot.reviewed
    assert counts["phi"] + counts["clean"] == result.pilot.reviewed + result.flag_reviewed
    written = json.loads((synthetic_batch.path / "gate.json").read_text())
    assert written["status"] == "failed" and written["decided_by"] == "steward"
    assert {"reviewed", "findings", "upper_bound", "target", "confidence", "decided_at"} <= set(written)


def test_clean_batch_passes_once_the_sample_is_reviewed(store, clean_synthetic_batch, settings, tmp_path):
    gold = write_gold(tmp_path / "gold.jsonl", synthetic_gold(300))
    info, plan = queue.open_round(store, clean_synthetic_batch.path, settings, 1, "steward", 0.02)
    review_queue(store, "sim", gold, limit=100)
    assert evaluate(store, info.round_id).status == PENDING
    review_queue(store, "sim", gold)
    result, payload = run_gate(store, clean_synthetic_batch.path, "steward")
    assert result.status == PASSED
    assert payload["reviewed"] == 233 and payload["findings"] == 0 and payload["upper_bound"] < 0.005
    assert payload["method"] == "hypergeometric"
    assert result.flag_reviewed == plan.count("flag")  # flags reviewed too, outside the bound


def test_findings_in_flagged_notes_do_not_count_in_the_bound(store, clean_synthetic_batch, settings, tmp_path):
    info, plan = queue.open_round(store, clean_synthetic_batch.path, settings, 1, "steward", 0.02)
    gold = write_gold(tmp_path / "gold.jsonl", synthetic_gold(300))
    review_queue(store, "sim", gold, limit=233)  # the whole random sample, clean
    item = queue.next_item(store, "sim", 1800)
    assert item.phase == "flag"
    store.record_decision(item.item_id, "sim", "phi", [Finding(0, 4, "NAME")], queue.now_iso())
    result = evaluate(store, info.round_id)
    assert result.status == PASSED and result.bound.findings == 0 and result.flag_findings == 1


def test_closing_review_early_fails_the_gate(store, clean_synthetic_batch, settings, tmp_path):
    info, _ = queue.open_round(store, clean_synthetic_batch.path, settings, 1, "steward", 0.02)
    review_queue(store, "sim", write_gold(tmp_path / "gold.jsonl", synthetic_gold(300)), limit=120)
    store.close_round(info.round_id, "steward")
    result = evaluate(store, info.round_id)
    assert result.status == FAILED and "120 of 233" in result.reason
    assert queue.next_item(store, "sim", 1800) is None  # a closed round serves nothing


def test_resample_opens_a_new_round_with_another_sample(store, synthetic_batch, settings):
    first, plan1 = queue.open_round(store, synthetic_batch.path, settings, 1, "steward", 0.02)
    second, plan2 = queue.open_round(store, synthetic_batch.path, settings, 1, "steward", 0.02)
    assert first.round_id.endswith("-r1") and second.round_id.endswith("-r2")
    assert queue.latest_round(store, synthetic_batch.path).round_id == second.round_id
    assert store.get_round(first.round_id).status == "closed"  # superseded: out of the queue
    assert queue.next_item(store, "ann", 1800).round_id == second.round_id
    assert [n.note_id for n in plan1.notes] != [n.note_id for n in plan2.notes]


def test_history_narrows(store, clean_synthetic_batch, settings, tmp_path):
    info, _ = queue.open_round(store, clean_synthetic_batch.path, settings, 1, "steward", 0.02)
    review_queue(store, "sim", write_gold(tmp_path / "gold.jsonl", synthetic_gold(300)), limit=233)
    history = evaluate(store, info.round_id, with_history=True).history
    assert history[-1][0] == 233 and len(history) <= 70
    bounds = [u for _, u in history]
    assert bounds == sorted(bounds, reverse=True) and bounds[-1] < 0.005 < bounds[0]


def test_double_review_counts_a_finding_from_either_reviewer(store, clean_synthetic_batch, settings):
    info, plan = queue.open_round(store, clean_synthetic_batch.path, settings, 2, "steward", 1.0)
    first = queue.next_item(store, "ann", 1800)
    assert queue.next_item(store, "bob", 1800).item_id == first.item_id  # needs both reviewers
    store.record_decision(first.item_id, "ann", "clean", [], queue.now_iso())
    assert evaluate(store, info.round_id).bound.reviewed == 0  # one review of two: not complete
    store.record_decision(first.item_id, "bob", "phi", [Finding(0, 3, "NAME")], queue.now_iso())
    result = evaluate(store, info.round_id)
    assert result.bound.reviewed == 1 and result.bound.findings == 1 and result.disagreements == 1


def test_gate_json_never_says_more_than_the_audit_log_recorded(store, clean_synthetic_batch, settings, tmp_path,
                                                               monkeypatch):
    """The decision is audited first and gate.json written after: a failure in between leaves
    no gate.json (not passed) rather than a 'passed' file nobody's decision stands behind."""
    from review.store.base import StoreBusy

    queue.open_round(store, clean_synthetic_batch.path, settings, 1, "steward", 0.02)
    review_queue(store, "sim", write_gold(tmp_path / "gold.jsonl", synthetic_gold(300)))

    def busy(*args, **kwargs):
        raise StoreBusy("locked")

    monkeypatch.setattr(store, "audit", busy)
    with pytest.raises(StoreBusy):
        run_gate(store, clean_synthetic_batch.path, "steward")
    assert not (clean_synthetic_batch.path / "gate.json").exists()
    monkeypatch.undo()
    result, payload = run_gate(store, clean_synthetic_batch.path, "steward")
    assert result.status == PASSED and json.loads((clean_synthetic_batch.path / "gate.json").read_text()) == payload
    decided = [e for e in store.audit_entries() if e.action.startswith("gate_")]
    assert [e.action for e in decided] == ["gate_passed"]


def test_a_passed_gate_opens_only_the_files_without_phi_and_any_other_result_closes_them(
        store, clean_synthetic_batch, settings, tmp_path):
    batch = clean_synthetic_batch.path
    queue.open_round(store, batch, settings, 1, "steward", 0.02)
    modes = lambda: {p.name: oct(p.stat().st_mode & 0o777) for p in [batch, *batch.iterdir()]}  # noqa: E731
    run_gate(store, batch, "steward")  # pending
    assert set(modes().values()) == {"0o700", "0o600"}
    review_queue(store, "sim", write_gold(tmp_path / "gold.jsonl", synthetic_gold(300)))
    assert run_gate(store, batch, "steward")[0].status == PASSED
    assert modes() == {batch.name: "0o755", "notes.parquet": "0o600", "flags.parquet": "0o600",
                       "review_sample.parquet": "0o644", "gate.json": "0o644"}
    store.close_round(store.list_rounds()[-1].round_id, "steward")
    (batch / "notes.parquet").write_bytes((batch / "notes.parquet").read_bytes() + b"\n")  # a re-run batch
    assert run_gate(store, batch, "steward")[0].status == FAILED
    assert set(modes().values()) == {"0o700", "0o600"}
