"""JSON Lines exports: one flat JSON object per line; rows are line numbers.

A last line without its newline that does not parse means the file was cut mid-line (E105);
any other bad line is quarantined on its own (E108) and reading continues.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from ingest.context import ReadContext
from ingest.records import RawRecord


def iter_json_lines(path: Path, ctx: ReadContext) -> Iterator[tuple[int, dict | None, RawRecord | None]]:
    """(line number, object, failure) per non-blank line; shared with the FHIR NDJSON reader."""
    file = str(path)
    with ctx.open_binary(path) as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except UnicodeDecodeError:
                yield line_number, None, RawRecord.failure(file, line_number, "E108", reason="line is not valid UTF-8")
                continue
            except json.JSONDecodeError as exc:
                if not line.endswith(b"\n"):  # only the last line can lack its newline
                    failure = RawRecord.failure(file, line_number, "E105", reason="last line is cut off mid-object")
                else:
                    failure = RawRecord.failure(file, line_number, "E108",
                                                reason=f"not valid JSON ({exc.msg} at column {exc.colno})")
                yield line_number, None, failure
                continue
            if not isinstance(obj, dict):
                yield line_number, None, RawRecord.failure(file, line_number, "E108", reason="line is not a JSON object")
                continue
            yield line_number, obj, None


def read(path: Path, ctx: ReadContext) -> Iterator[RawRecord]:
    for line_number, obj, failure in iter_json_lines(path, ctx):
        yield failure or RawRecord(file=str(path), row=line_number, fields=obj)
