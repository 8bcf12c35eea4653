"""Read one de-identified note, its inserted surrogates and its verification flags.

The text stays in memory for display only (web page, terminal); nothing here logs it.
Parquet predicate pushdown reads one note without loading the batch.
"""

from __future__ import annotations

from chartforge.contracts.files import FLAGS as FLAGS_FILE, NOTES as NOTES_FILE

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import polars as pl

from review.batch_files import reading
from review.store.base import Finding


@dataclass(frozen=True)
class NoteView:
    note_id: str
    note_type: str
    source: str
    text: str
    surrogates: tuple[Finding, ...]
    flags: tuple[Finding, ...]


def load_note(batch_dir: Path, note_id: str) -> NoteView:
    batch_dir = Path(batch_dir)
    with reading(batch_dir / NOTES_FILE):  # a moved or damaged batch: E110, not a traceback
        frame = (pl.scan_parquet(batch_dir / NOTES_FILE)
                 .filter(pl.col("note_id") == note_id)
                 .select("note_id", "note_type", "source", "text", "surrogates")
                 .collect())
    if frame.height == 0:
        raise KeyError(note_id)
    row = frame.row(0, named=True)
    surrogates = tuple(Finding(s["start"], s["end"], s["label"]) for s in (row["surrogates"] or []))
    flags: tuple[Finding, ...] = ()
    flags_path = batch_dir / FLAGS_FILE
    if flags_path.exists():
        with reading(flags_path):
            hits = (pl.scan_parquet(flags_path).filter(pl.col("note_id") == note_id)
                    .select("start", "end", "label").collect())
        flags = tuple(Finding(s, e, lab) for s, e, lab in hits.sort("start").iter_rows())
    return NoteView(row["note_id"], row["note_type"] or "", row["source"] or "", row["text"], surrogates, flags)


def validate_findings(raw: object, text_length: int,
                      to_code_point: Callable[[int], int] | None = None) -> list[Finding]:
    """Findings from a client: integer offsets inside the note, a HIPAA label, no duplicates.

    ``to_code_point`` converts the client's offsets first (the browser's are UTF-16 units,
    see review.web.offsets); it raises ValueError for an offset no selection can give."""
    from chartforge.contracts.spans import LABELS

    if not isinstance(raw, list):
        raise ValueError("findings must be a list")
    findings = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise ValueError("a finding must be an object")
        start, end, label = entry.get("start"), entry.get("end"), entry.get("label")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
            raise ValueError("finding offsets must be integers")
        if to_code_point is not None:
            start, end = to_code_point(start), to_code_point(end)
        if not 0 <= start < end <= text_length:
            raise ValueError("finding offsets outside the note")
        if label not in LABELS:
            raise ValueError("unknown PHI label")
        findings.append(Finding(start, end, label))
    return sorted(set(findings), key=lambda f: (f.start, f.end, f.label))
