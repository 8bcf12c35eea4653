"""Findings feed back to the detectors: deny-list phrases from dismissed flags, shapes of misses."""

from __future__ import annotations

import re

import yaml

from review import queue
from review.findings import collect_findings, value_shape, write_findings
from review.notes import load_note
from review.store.base import Finding


def test_value_shape_generalizes_without_content():
    assert value_shape("555-0142") == r"\d{3}\-\d{4}"
    assert value_shape("MRN 00123") == r"[A-Za-z]{3}\s+\d{5}"
    assert re.fullmatch(value_shape("03/04/21"), "11/12/19")
    assert not re.fullmatch(value_shape("03/04/21"), "3/4/21")


def test_collect_findings_splits_misses_and_dismissed_flags(tmp_path, store, synthetic_batch, settings):
    info, plan = queue.open_round(store, synthetic_batch.path, settings, 1, "sue", 1.0)
    flagged = [i for i in store.items(info.round_id) if i.note_id in synthetic_batch.flagged]
    residual = [i for i in store.items(info.round_id) if i.note_id in synthetic_batch.residual and
                i.note_id not in synthetic_batch.flagged]
    assert flagged and residual
    # Decided out of queue order (a steward's override: nobody leased these items).
    # A flagged note judged clean: its flag text is a deny-list candidate.
    store.record_decision(flagged[0].item_id, "ann", "clean", [], queue.now_iso(), override=True)
    # A residual name and a residual phone-like value found by the reviewer.
    start, end, label = synthetic_batch.residual[residual[0].note_id]
    text = load_note(synthetic_batch.path, residual[0].note_id).text
    store.record_decision(residual[0].item_id, "ann", "phi", [Finding(start, end, label), Finding(0, 4, "OTHER_ID")],
                          queue.now_iso(), override=True)
    export = collect_findings(store, info)
    flag_note = load_note(synthetic_batch.path, flagged[0].note_id)
    assert export["deny_list_phrases"] == [flag_note.text[flag_note.flags[0].start:flag_note.flags[0].end]]
    assert {(m["label"], m["text"]) for m in export["missed"]} == {(label, text[start:end]), ("OTHER_ID", text[0:4])}
    assert [p["label"] for p in export["patterns"]] == ["OTHER_ID"]  # names get no shape pattern
    path = write_findings(tmp_path / "findings.yaml", export)
    loaded = yaml.safe_load(path.read_text())
    assert loaded["patterns"][0]["regex"].startswith("(?<![\\w])")
    assert re.search(loaded["patterns"][0]["regex"], text[0:4])
    from deid.deny import DenyList
    from review.findings import deny_list_path

    deny = DenyList(str(deny_list_path(path)))
    assert deny.vetoes(export["deny_list_phrases"][0])
    assert "missed" not in deny_list_path(path).read_text()
