"""Build de-identified batch directories (contracts §3) for the review tests.

``batch_from_gold`` turns demo-export gold lines into a batch the way a de-ID run would
look: every planted PHI span replaced by a fixed fake value (positions listed in
``surrogates``), except in the notes chosen as *residual*, where one planted value is left
in place: the residual PHI the review must find. Flags (verification hits) go on chosen
notes. This is a test device; the real batches come from `chartforge deid run`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from deid.batch_schema import DEID_NOTES, FLAGS, write_rows

SOURCES = ("demo-ehr", "demo-lab")
# Fixed, obviously fake replacement values (format-preserving in spirit, like surrogate mode).
SURROGATE_TEXT = {"NAME": "Jordan Avery", "DATE": "02/11/2019", "PHONE": "555-0100", "FAX": "555-0199",
                  "LOCATION": "Springfield", "EMAIL": "j.avery@example.org", "SSN": "000-00-0000",
                  "MRN": "MRN-000001", "AGE_OVER_89": "90+", "URL": "https://example.org/x", "IP": "192.0.2.1"}


@dataclass
class BuiltBatch:
    path: Path
    note_ids: list[str]
    residual: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # note_id -> (start, end, label)
    flagged: set[str] = field(default_factory=set)


def _note_row(note_id, text, surrogates, note_type, source, patient):
    return {"note_id": note_id, "source": source, "source_row_id": note_id, "patient_id": patient,
            "encounter_id": f"enc-{note_id[:6]}", "note_type": note_type, "note_date": dt.date(2020, 1, 1),
            "text": text, "codes": [], "sections": [], "content_hash": "0" * 64, "surrogates": surrogates}


def mask_note(text: str, spans: list[dict], keep: dict | None = None):
    """Replace spans by a fake value (or "[LABEL]"); ``keep`` stays verbatim.

    Returns the new text, the surrogate positions and the kept value's new offsets."""
    out, surrogates, cursor, kept = [], [], 0, None
    position = 0
    for span in sorted(spans, key=lambda s: s["start"]):
        if span["start"] < cursor:
            continue  # overlapping gold spans: the first one wins
        out.append(text[cursor:span["start"]])
        position += span["start"] - cursor
        if keep is not None and span is keep:
            value = text[span["start"]:span["end"]]
            kept = (position, position + len(value), span["label"])
        else:
            value = SURROGATE_TEXT.get(span["label"], f"[{span['label']}]")
            surrogates.append({"start": position, "end": position + len(value), "label": span["label"]})
        out.append(value)
        position += len(value)
        cursor = span["end"]
    out.append(text[cursor:])
    return "".join(out), surrogates, kept


def batch_from_gold(gold: list[dict], folder: Path, residual_every: int = 0, flag_every: int = 0,
                    sources: tuple[str, ...] = SOURCES, residual_ids: frozenset = frozenset(),
                    flag_ids: frozenset = frozenset()) -> BuiltBatch:
    """Notes i with i % residual_every == 1 (or listed in ``residual_ids``) keep their first
    NAME (else first) planted value."""
    folder.mkdir(parents=True, exist_ok=True)
    built = BuiltBatch(folder, [])
    rows, flags = [], []
    for i, record in enumerate(gold):
        spans = record["spans"]
        keep = None
        if spans and ((residual_every and i % residual_every == 1) or record["id"] in residual_ids):
            keep = next((s for s in spans if s["label"] == "NAME"), spans[0])
        text, surrogates, kept = mask_note(record["text"], spans, keep)
        rows.append(_note_row(record["id"], text, surrogates, record["note_type"], sources[i % len(sources)],
                              f"pseudo-{record['patient_id']}"))
        built.note_ids.append(record["id"])
        if kept:
            built.residual[record["id"]] = kept
        if (flag_every and i % flag_every == 2) or record["id"] in flag_ids:
            # A verification hit on the first word: usually a false alarm the reviewer dismisses.
            end = len(text.split()[0]) if text.split() else 1
            flags.append({"note_id": record["id"], "start": 0, "end": max(1, end), "label": "NAME",
                          "score": 0.5, "source": "verification"})
            built.flagged.add(record["id"])
    write_rows(folder / "notes.parquet", rows, DEID_NOTES)
    write_rows(folder / "flags.parquet", flags, FLAGS)
    return built


def synthetic_gold(count: int, note_types=("progress", "discharge_summary", "radiology")) -> list[dict]:
    """Small gold-shaped records for unit tests that need ids and strata, not realistic text."""
    records = []
    for i in range(count):
        name = f"Pat{i:04d} Example"
        text = f"Seen today. Patient {name} reports cough. Follow up in 2 weeks.\n"
        start = text.index(name)
        records.append({"id": f"{i:016x}", "patient_id": f"p{i % 17}", "text": text,
                        "note_type": note_types[i % len(note_types)],
                        "spans": [{"start": start, "end": start + len(name), "label": "NAME"}]})
    return records


# Emoji (two UTF-16 units each), a combining diaeresis, an RTL mark with Hebrew, CJK, then
# the PHI: where browser (UTF-16) and server (code point) offsets part ways.
UNICODE_TEXT = "\U0001F600\U0001F44D Mu\u0308ller \u200f\u05e9\u05dc\u05d5\u05dd \u60a3\u8005. Patient Dustin Nguyen seen on 03/04/2021.\n"


def unicode_gold(count: int = 12) -> list[dict]:
    """Notes of UNICODE_TEXT with the name and the date as planted PHI."""
    text = UNICODE_TEXT
    name_at, date_at = text.index("Dustin Nguyen"), text.index("03/04/2021")
    return [{"id": f"{i:016x}", "patient_id": f"p{i}", "text": text, "note_type": "progress",
             "spans": [{"start": name_at, "end": name_at + 13, "label": "NAME"},
                       {"start": date_at, "end": date_at + 10, "label": "DATE"}]} for i in range(count)]
