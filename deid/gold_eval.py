"""Miss rate on a gold file (the demo generator's planted PHI).

A gold span is *missed* when the detectors did not cover every one of its characters, so
some real character reached the de-identified text. *Leaked* counts the missed spans whose
whole planted string is still in the note's output outside our surrogates. The result names
misses by note id, offsets into the ingested text and label, never by their text.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from chartforge.errors import ChartforgeError
from chartforge.jsonl import parse_records


def read_gold(path: Path) -> dict[str, list[dict]]:
    def spans_of(record: dict) -> tuple[str, list[dict]]:
        return record["id"], [{"start": s["start"], "end": s["end"], "label": s["label"]} for s in record["spans"]]

    return dict(parse_records(path, spans_of,
                              lambda row, exc: ChartforgeError.make("E254", file=path, row=row, reason=type(exc).__name__)))


def _covered(intervals: list[tuple[int, int]], start: int, end: int) -> bool:
    position = start
    for s, e in intervals:
        if s > position:
            break
        position = max(position, e)
        if position >= end:
            return True
    return position >= end


def occurrences_outside(text: str, value: str, regions: list[dict]) -> int:
    """How often ``value`` occurs as a whole word (not inside "7198" or "MMOL") outside the
    ``regions`` (dicts with start/end: our surrogates in an output, gold spans in an input)."""
    pattern = re.compile(("(?<!\\w)" if value[:1].isalnum() else "") + re.escape(value)
                         + ("(?!\\w)" if value[-1:].isalnum() else ""))
    return sum(1 for match in pattern.finditer(text)
               if not any(r["start"] <= match.start() and match.end() <= r["end"] for r in regions))


def occurs_outside_surrogates(text: str, value: str, surrogates: list[dict]) -> bool:
    """Whether ``value`` occurs as a whole word outside our surrogates."""
    return occurrences_outside(text, value, surrogates) > 0


def evaluate(gold: dict[str, list[dict]], originals: dict[str, str], detected: dict[str, list[dict]],
             outputs: dict[str, dict]) -> dict:
    """originals: note_id -> ingested text; detected: note_id -> spans; outputs: note_id -> deid row."""
    per_label: dict[str, Counter] = {}
    misses = []
    for note_id, spans in sorted(gold.items()):
        if note_id not in outputs:  # quarantined or not in this batch: not evaluable
            continue
        intervals = sorted((s["start"], s["end"]) for s in detected.get(note_id, []))
        for span in spans:
            counts = per_label.setdefault(span["label"], Counter())
            counts["spans"] += 1
            if _covered(intervals, span["start"], span["end"]):
                continue
            counts["missed"] += 1
            value = originals[note_id][span["start"]:span["end"]]
            leaked = occurs_outside_surrogates(outputs[note_id]["text"], value, outputs[note_id]["surrogates"])
            counts["leaked"] += int(leaked)
            misses.append({**span, "note_id": note_id, "leaked": leaked})
    total = sum(c["spans"] for c in per_label.values())
    missed = sum(c["missed"] for c in per_label.values())
    return {
        "spans": total, "missed": missed, "leaked": sum(c["leaked"] for c in per_label.values()),
        "miss_rate": round(missed / total, 6) if total else 0.0,
        "per_label": {label: {"spans": c["spans"], "missed": c["missed"], "leaked": c["leaked"],
                              "miss_rate": round(c["missed"] / c["spans"], 6)}
                      for label, c in sorted(per_label.items())},
        "misses": misses,
    }
