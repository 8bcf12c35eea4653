"""Export format detection: the file extension proposes, the first bytes decide.

A hospital export rarely has trustworthy names (``export.txt`` that is CSV, ``.json``
that is NDJSON), so the content is sniffed; the extension only breaks ties.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import ijson

SNIFF_BYTES = 1 << 16
CSV, JSONL, PARQUET, FHIR_BUNDLE, FHIR_NDJSON = "csv", "jsonl", "parquet", "fhir_bundle", "fhir_ndjson"

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_ARCHIVES = {b"\x1f\x8b": "gzip-compressed", b"PK\x03\x04": "zip archive", b"BZh": "bzip2-compressed",
             b"\xfd7zXZ": "xz-compressed", b"%PDF": "PDF document"}
_CSV_EXTENSIONS = {".csv", ".tsv", ".txt"}


@dataclass(frozen=True)
class Detection:
    format: str | None          # one of the names above, or None when the file is unusable
    error_code: str | None = None  # E105 / E106 / E107 when format is None
    reason: str = ""


def detect_format(path: Path) -> Detection:
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    suffix = path.suffix.lower()
    if not head:
        return Detection(None, "E105", "the file is empty")
    if head.startswith(b"PAR1") or suffix in {".parquet", ".pq"}:
        return Detection(PARQUET)
    for magic, what in _ARCHIVES.items():
        if head.startswith(magic):
            return Detection(None, "E106", what)
    if not head.startswith(_BOMS) and b"\x00" in head:
        return Detection(None, "E106", "contains NUL bytes")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"{", b"[")):
        return _detect_json(stripped)
    if suffix in _CSV_EXTENSIONS or _looks_delimited(head):
        return Detection(CSV)
    return Detection(None, "E107")


def _detect_json(head: bytes) -> Detection:
    """Bundle = one JSON document whose top-level resourceType is Bundle; otherwise one object
    per line (FHIR NDJSON if the objects are resources, flat JSONL if not). Any other JSON
    document (an array, a single pretty-printed resource) is not an export format we read."""
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    try:
        first, end = json.JSONDecoder().raw_decode(text)
        multiline, more_after = "\n" in text[:end], bool(text[end:].strip())
        resource_type = first.get("resourceType") if isinstance(first, dict) else None
    except ValueError:  # the first value is longer than the sniffed bytes (or cut off)
        first, more_after = None, False
        multiline = "\n" in text  # a newline inside the unfinished first value
        resource_type = _top_level_resource_type(head)
    if resource_type == "Bundle" and not more_after:
        return Detection(FHIR_BUNDLE)
    if isinstance(first, list) or multiline:
        return Detection(None, "E107")
    return Detection(FHIR_NDJSON if resource_type else JSONL)


def _top_level_resource_type(head: bytes) -> str | None:
    try:
        for prefix, event, value in ijson.parse(io.BytesIO(head), multiple_values=True):
            if prefix == "resourceType" and event == "string":
                return value
            if prefix == "entry" and event == "start_array":  # only a Bundle has a top-level entry list
                return "Bundle"
    except (ijson.JSONError, ijson.IncompleteJSONError):
        pass
    return None


def _looks_delimited(head: bytes) -> bool:
    """A header line with a comma, tab or semicolon and no control bytes looks like CSV."""
    first_line = head.split(b"\n", 1)[0]
    return any(sep in first_line for sep in (b",", b"\t", b";"))
