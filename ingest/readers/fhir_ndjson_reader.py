"""FHIR R4 NDJSON (bulk-data export style): one resource per line; rows are line numbers.

First pass: Condition/Procedure lines only (cheap byte test before parsing) for the codes by
encounter. Second pass: one record per DocumentReference/Composition line. Bad lines are
quarantined like JSONL lines (a cut-off last line is E105).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from ingest.context import ReadContext
from ingest.readers.fhir_resources import CODE_RESOURCES, NOTE_RESOURCES, collect_codes, note_record
from ingest.readers.jsonl_reader import iter_json_lines
from ingest.records import RawRecord


def _code_resources(path: Path) -> Iterator[dict]:
    markers = tuple(f'"{kind}"'.encode() for kind in CODE_RESOURCES)
    with open(path, "rb") as handle:
        for line in handle:
            if any(marker in line for marker in markers):
                try:
                    resource = json.loads(line)
                except ValueError:
                    continue  # quarantined by the second pass
                if isinstance(resource, dict):
                    yield resource


def read(path: Path, ctx: ReadContext) -> Iterator[RawRecord]:
    codes = collect_codes(_code_resources(path))
    for line_number, resource, failure in iter_json_lines(path, ctx):
        if failure is not None:
            yield failure
        elif resource.get("resourceType") in NOTE_RESOURCES:
            yield note_record(resource, codes, str(path), line_number)
