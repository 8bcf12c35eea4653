"""FHIR R4 Bundle JSON (DocumentReference or Composition notes), streamed with ijson.

Two passes over the file so a 1 GB Bundle never sits in memory: the first collects the
Condition/Procedure codes by encounter, the second yields one record per note resource.
Rows are entry positions (1-based). A Bundle cut off mid-way keeps every complete entry
before the cut and quarantines the rest as one E105 record.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import ijson

from ingest.context import ReadContext
from ingest.readers.fhir_resources import CODE_RESOURCES, NOTE_RESOURCES, collect_codes, note_record
from ingest.records import RawRecord

_PARSE_ERRORS = (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError, ValueError)


def _entries(handle) -> Iterator[tuple[int, dict]]:
    for row, entry in enumerate(ijson.items(handle, "entry.item", use_float=True), start=1):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        yield row, resource if isinstance(resource, dict) else {}


def _code_resources(path: Path) -> Iterator[dict]:
    with open(path, "rb") as handle:
        try:
            for _, resource in _entries(handle):
                if resource.get("resourceType") in CODE_RESOURCES:
                    yield resource
        except _PARSE_ERRORS:
            return  # reported by the second pass, with its row


def read(path: Path, ctx: ReadContext) -> Iterator[RawRecord]:
    file = str(path)
    codes = collect_codes(_code_resources(path))
    row = 0
    with ctx.open_binary(path) as handle:
        try:
            for row, resource in _entries(handle):
                if resource.get("resourceType") in NOTE_RESOURCES:
                    yield note_record(resource, codes, file, row)
        except _PARSE_ERRORS as exc:
            reason = "JSON ends early" if isinstance(exc, ijson.IncompleteJSONError) else "malformed JSON"
            yield RawRecord.failure(file, row + 1, "E105", reason=reason)
