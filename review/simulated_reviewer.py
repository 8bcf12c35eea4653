"""SIMULATED REVIEWER: a test and demo device, not a feature.

It answers the review queue from the *planted gold* of a generated demo export
(DIR/gold/gold.jsonl): a note "still contains PHI" when a planted PHI value of that note
appears verbatim in its de-identified text. Real batches have no gold; real reviewers are
people. `chartforge demo` and the tests use it to drive the gate end to end.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from review import queue
from review.notes import load_note
from review.store.base import Finding, ReviewStore


def planted_values(gold_path: Path) -> dict[str, list[tuple[str, str]]]:
    """note id -> [(label, planted value)] from the gold file."""
    values: dict[str, list[tuple[str, str]]] = {}
    with open(gold_path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                values[record["id"]] = [(s["label"], record["text"][s["start"]:s["end"]]) for s in record["spans"]]
    return values


def residual_spans(text: str, planted: list[tuple[str, str]], surrogates=()) -> list[Finding]:
    """Where a planted value survives in the text (whole words; never inside a surrogate)."""
    found = set()
    for label, value in planted:
        if len(value.strip()) < 2:
            continue
        left = r"(?<!\w)" if value[0].isalnum() else ""
        right = r"(?!\w)" if value[-1].isalnum() else ""
        for match in re.finditer(left + re.escape(value) + right, text):
            if not any(s.start < match.end() and match.start() < s.end for s in surrogates):
                found.add(Finding(match.start(), match.end(), label))
    return sorted(found, key=lambda f: (f.start, f.end, f.label))


def review_queue(store: ReviewStore, username: str, gold_path: Path, limit: int | None = None,
                 lease_seconds: int = 1800) -> dict:
    """Decide queue items as ``username`` until the queue is empty (or ``limit``); counts only."""
    planted = planted_values(gold_path)
    counts = {"clean": 0, "phi": 0}
    while limit is None or sum(counts.values()) < limit:
        item = queue.next_item(store, username, lease_seconds)
        if item is None:
            break
        info = store.get_round(item.round_id)
        note = load_note(Path(info.batch_dir), item.note_id)
        findings = residual_spans(note.text, planted.get(item.note_id, []), note.surrogates)
        verdict = "phi" if findings else "clean"
        store.record_decision(item.item_id, username, verdict, findings, queue.now_iso())
        counts[verdict] += 1
    return counts
