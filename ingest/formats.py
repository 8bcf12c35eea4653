"""Export format detection: the file extension proposes, the first bytes decide.

A hospital export rarely has trustworthy names (``export.txt`` that is CSV, ``.json``
that is NDJSON), so the content is sniffed; the extension only breaks ties.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

SNIFF_BYTES = 1 << 16
CSV, JSONL, PARQUET, FHIR_BUNDLE, FHIR_NDJSON = "csv", "jsonl", "parquet", "fhir_bundle", "fhir_ndjson"

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_ARCHIVES = {b"\x1f\x8b": "gzip-compressed", b"PK\x03\x04": "zip archive", b"BZh": "bzip2-compressed",
             b"\xfd7zXZ": "xz-compressed", b"%PDF": "PDF document"}
_RESOURCE_TYPE = re.compile(rb'"resourceType"\s*:\s*"([A-Za-z]+)"')
_CSV_EXTENSIONS = {".csv", ".tsv", ".txt"}
_JSONL_EXTENSIONS = {".jsonl", ".ndjson"}


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
        return _detect_json(stripped, suffix)
    if suffix in _CSV_EXTENSIONS or _looks_delimited(head):
        return Detection(CSV)
    return Detection(None, "E107")


def _detect_json(head: bytes, suffix: str) -> Detection:
    first_line = head.split(b"\n", 1)[0]
    one_object_per_line = suffix in _JSONL_EXTENSIONS or (
        b"\n" in head and first_line.rstrip().endswith(b"}"))
    resource = _RESOURCE_TYPE.search(first_line if one_object_per_line else head)
    if one_object_per_line:
        if resource and _is_bundle_line(first_line):  # a minified Bundle on one line
            return Detection(FHIR_BUNDLE)
        return Detection(FHIR_NDJSON if resource else JSONL)
    if resource:
        return Detection(FHIR_BUNDLE)
    return Detection(None, "E107")


def _is_bundle_line(line: bytes) -> bool:
    try:
        obj = json.loads(line)
    except ValueError:
        return False
    return isinstance(obj, dict) and obj.get("resourceType") == "Bundle"


def _looks_delimited(head: bytes) -> bool:
    """A header line with a comma, tab or semicolon and no control bytes looks like CSV."""
    first_line = head.split(b"\n", 1)[0]
    return any(sep in first_line for sep in (b",", b"\t", b";"))
