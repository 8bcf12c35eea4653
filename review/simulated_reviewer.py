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


def planted_values(gold_path: Path) -> dict[str, list[tuple[str, str, int]]]:
    """note id -> [(label, planted value, occurrences of the value outside gold spans)].

    The last number lets the reviewer tell a surviving value from the same characters used
    innocently elsewhere in the note (a pain score "3/10" beside a planted date "3/10")."""
    values: dict[str, list[tuple[str, str, int]]] = {}
    with open(gold_path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                text, spans = record["text"], record["spans"]
                entries = []
                for s in spans:
                    value = text[s["start"]:s["end"]]
                    innocent = [m for m in _occurrences(text, value)
                                if not any(g["start"] < m[1] and m[0] < g["end"] for g in spans)]
                    entries.append((s["label"], value, len(innocent)))
                values[record["id"]] = entries
    return values


def _occurrences(text: str, value: str) -> list[tuple[int, int]]:
    if len(value.strip()) < 2:
        return []
    left = r"(?<!\w)" if value[0].isalnum() else ""
    right = r"(?!\w)" if value[-1].isalnum() else ""
    return [(m.start(), m.end()) for m in re.finditer(left + re.escape(value) + right, text)]


def residual_spans(text: str, planted: list[tuple[str, str, int]], surrogates=()) -> list[Finding]:
    """Where a planted value survives: more whole-word occurrences outside our surrogates than
    the original note had outside its PHI spans."""
    found = set()
    for label, value, innocent in planted:
        hits = [(a, b) for a, b in _occurrences(text, value)
                if not any(s.start < b and a < s.end for s in surrogates)]
        if len(hits) > innocent:
            found.update(Finding(a, b, label) for a, b in hits)
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


def main(argv: list[str] | None = None) -> int:
    """python -m review.simulated_reviewer BATCH --gold GOLD [--store S] [--user simulated-reviewer]"""
    import argparse

    from chartforge.config import load_config
    from review.settings import store_path
    from review.store import open_store

    parser = argparse.ArgumentParser(prog="python -m review.simulated_reviewer",
                                     description="TEST/DEMO DEVICE: answer the review queue from planted gold.")
    parser.add_argument("batch", type=Path)
    parser.add_argument("--gold", type=Path, required=True, help="DIR/gold/gold.jsonl of a demo export")
    parser.add_argument("--store", default=None)
    parser.add_argument("--user", default="simulated-reviewer")
    args = parser.parse_args(argv)
    counts = review_queue(open_store(store_path(args.store, load_config().settings)), args.user, args.gold)
    print(f"simulated reviewer (test/demo device): {counts['clean']} clean, {counts['phi']} with PHI")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
