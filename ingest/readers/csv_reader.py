"""CSV exports: RFC 4180 quoting (note text spans lines), header row, any text encoding.

Rows are numbered from 1 after the header. A row with the wrong number of fields is
quarantined; when it is the *last* row, or the file ends inside a quoted field, the file
was cut off mid-row and the error says so (E105).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Iterator

from chartforge.errors import ChartforgeError
from ingest.context import ReadContext
from ingest.encoding import detect_encoding
from ingest.mapping import column_for, missing_columns
from ingest.records import REQUIRED_FIELDS, RawRecord

# A discharge summary can be far longer than csv's default 128 KiB field limit.
csv.field_size_limit(min(sys.maxsize, 1 << 30))


def _delimiter(header_line: str, path: Path) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    counts = {sep: header_line.count(sep) for sep in (",", "\t", ";")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def read(path: Path, ctx: ReadContext) -> Iterator[RawRecord]:
    file = str(path)
    try:
        encoding, detected = detect_encoding(path, ctx.csv_encoding, ctx.encoding_tie_breakers)
    except ChartforgeError as exc:
        yield RawRecord(file=file, row=0, error=exc)
        return
    ctx.note(path, "encoding", encoding)
    if detected:
        ctx.note(path, "encoding_detected", True)
    with io.TextIOWrapper(ctx.open_binary(path), encoding=encoding, newline="") as text:
        header_line = text.readline()
        reader = csv.reader(_prepend(header_line, text), delimiter=_delimiter(header_line, path), strict=True)
        try:
            header = [column.strip() for column in next(reader)]
        except (StopIteration, csv.Error):
            return
        missing = missing_columns(ctx.mapping, header, REQUIRED_FIELDS)
        yield from _rows(reader, header, missing, file, ctx)


def _prepend(first: str, rest) -> Iterator[str]:
    yield first
    yield from rest


def _rows(reader, header: list[str], missing: list[str], file: str, ctx: ReadContext) -> Iterator[RawRecord]:
    row_number = 0
    pending: list[str] | None = None  # one row of look-ahead: only the last row can be truncated
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if pending is not None:
                row_number += 1
                yield _record(pending, header, missing, row_number, file, ctx, last=False)
                pending = None
            row_number += 1
            # "unexpected end of data": the file ends inside a quoted field.
            code = "E105" if "end of data" in str(exc) else "E108"
            yield RawRecord.failure(file, row_number, code,
                                    reason="CSV quoting is broken" if code == "E108" else "ends inside a quoted field")
            continue
        if not fields:  # a blank line is not a record
            continue
        if pending is not None:
            row_number += 1
            yield _record(pending, header, missing, row_number, file, ctx, last=False)
        pending = fields
    if pending is not None:
        row_number += 1
        yield _record(pending, header, missing, row_number, file, ctx, last=True)


def _record(fields: list[str], header: list[str], missing: list[str], row: int, file: str,
            ctx: ReadContext, last: bool) -> RawRecord:
    row_id = None
    if len(fields) != len(header):
        if last and len(fields) < len(header):
            return RawRecord.failure(file, row, "E105",
                                     reason=f"last row has {len(fields)} of {len(header)} fields")
        return RawRecord.failure(file, row, "E108",
                                 reason=f"has {len(fields)} fields, the header has {len(header)}")
    values = dict(zip(header, fields))
    if missing:
        row_id = values.get(column_for(ctx.mapping, "source_row_id"))
        return RawRecord.failure(file, row, "E101", source_row_id=row_id,
                                 field=column_for(ctx.mapping, missing[0]) or missing[0])
    return RawRecord(file=file, row=row, fields=values)
