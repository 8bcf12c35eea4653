"""Reading ``deid detect`` input lines defensively and writing its output lines.

Input: JSONL, one ``{"id", "text", "patient_id"?}`` object a line. Every line yields exactly
one output record, in order: a bad line (not UTF-8, not JSON, not an object, missing or
mistyped fields) becomes ``{"id": <id or null>, "spans": [], "error": "<code> <reason>",
"line": n}`` so the batch is never lost and counts reconcile. Error text names the file,
line and field, never note content.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from chartforge.errors import ChartforgeError


@dataclass
class InputRecord:
    line: int                 # 1-based line number in the input file
    id: str | None
    text: str | None          # None when the line is bad
    error: str | None = None  # catalogue message (E201/E202/E205) for a bad line


def _error(code: str, **fields) -> str:
    return str(ChartforgeError.make(code, **fields))


def parse_line(raw: bytes, line: int, file: str) -> InputRecord:
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return InputRecord(line, None, None, _error("E205", row=line, file=file, position=exc.start))
    try:
        obj = json.loads(decoded)
    except json.JSONDecodeError as exc:
        return InputRecord(line, None, None, _error("E201", row=line, file=file, reason=f"{exc.msg} at column {exc.colno}"))
    if not isinstance(obj, dict):
        return InputRecord(line, None, None, _error("E201", row=line, file=file, reason=f"got {type(obj).__name__}"))
    note_id = obj.get("id")
    if not isinstance(note_id, (str, int)) or isinstance(note_id, bool) or note_id == "":
        return InputRecord(line, None, None, _error("E202", row=line, file=file, field="id"))
    note_id = str(note_id)
    text = obj.get("text")
    if not isinstance(text, str):
        return InputRecord(line, note_id, None, _error("E202", row=line, file=file, field="text"))
    return InputRecord(line, note_id, text)


def read_records(path: str | Path) -> Iterator[InputRecord]:
    """Every line of ``path`` as an InputRecord (blank lines too: they are bad lines)."""
    name = Path(path).name
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            raw = raw.rstrip(b"\r\n")
            if not raw.strip():
                yield InputRecord(number, None, None, _error("E201", row=number, file=name, reason="empty line"))
                continue
            yield parse_line(raw, number, name)


def count_lines(path: str | Path) -> int:
    with open(path, "rb") as handle:
        return sum(1 for _ in handle)


def output_record(record: InputRecord, spans) -> dict:
    out = {"id": record.id, "spans": [span.to_json() for span in spans]}
    if record.error:
        out["error"] = record.error
        out["line"] = record.line
    return out
