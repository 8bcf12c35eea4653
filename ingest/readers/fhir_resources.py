"""FHIR R4 resources -> canonical Note fields (shared by the Bundle and NDJSON readers).

A note's codes are not on the note: they are the Condition and Procedure resources whose
``encounter`` is the note's encounter, so readers first collect codes by encounter
(a small map of ids and codes, no text), then turn each DocumentReference or Composition
into one record.
"""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

from ingest.readers.fhir_composition import composition_text
from ingest.records import RawRecord

NOTE_RESOURCES = ("DocumentReference", "Composition")
CODE_RESOURCES = ("Condition", "Procedure")


@lru_cache(maxsize=1)
def _tables() -> dict:
    with open(Path(__file__).with_name("fhir_codes.yaml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def reference_id(reference) -> str | None:
    """'Patient/123' -> '123' (and a bare id stays itself)."""
    if not isinstance(reference, dict) or not isinstance(reference.get("reference"), str):
        return None
    return reference["reference"].rsplit("/", 1)[-1] or None


def _first(items, *keys):
    """Follow ``keys`` into nested dicts; a list on the way means its first element."""
    node = items
    for key in keys:
        if isinstance(node, list):
            node = node[0] if node else None
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node[0] if isinstance(node, list) and node else node


def _encounter_of(resource: dict) -> str | None:
    # Condition/Procedure: .encounter; DocumentReference: .context.encounter[0]; Composition: .encounter
    return reference_id(resource.get("encounter")) or reference_id(_first(resource, "context", "encounter"))


def resource_codes(resource: dict) -> list[str]:
    systems = _tables()["code_systems"]
    codes = []
    for coding in (resource.get("code") or {}).get("coding") or []:
        system = systems.get(coding.get("system"))
        if system and coding.get("code"):
            codes.append(f"{system}:{coding['code']}")
    return codes


def collect_codes(resources: Iterable[dict]) -> dict[str, list[str]]:
    by_encounter: dict[str, list[str]] = {}
    for resource in resources:
        if resource.get("resourceType") in CODE_RESOURCES:
            encounter = _encounter_of(resource)
            if encounter:
                by_encounter.setdefault(encounter, []).extend(resource_codes(resource))
    return by_encounter


def _note_type(resource: dict) -> str | None:
    coding = _first(resource, "type", "coding")
    if not isinstance(coding, dict) or not coding.get("code"):
        return None
    return _tables()["note_types"].get(coding["code"], f"loinc:{coding['code']}")


def _attachment_text(resource: dict, file: str, row: int, row_id: str | None) -> str | RawRecord:
    attachment = _first(resource, "content", "attachment")
    data = attachment.get("data") if isinstance(attachment, dict) else None
    if not isinstance(data, str):
        return RawRecord.failure(file, row, "E101", source_row_id=row_id, field="content[0].attachment.data")
    content_type = str(attachment.get("contentType") or "text/plain")
    media_type, _, parameters = content_type.partition(";")
    if media_type.strip().lower() != "text/plain":
        return RawRecord.failure(file, row, "E108", source_row_id=row_id,
                                 reason=f"attachment content type '{media_type.strip()[:40]}' is not text/plain")
    charset = parameters.partition("charset=")[2].strip() or "utf-8"
    try:
        payload = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return RawRecord.failure(file, row, "E102", source_row_id=row_id)
    try:
        return payload.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return RawRecord.failure(file, row, "E108", source_row_id=row_id,
                                 reason=f"attachment is not valid {charset[:20]} text")


def note_record(resource: dict, codes_by_encounter: dict, file: str, row: int) -> RawRecord:
    """A DocumentReference or Composition as a canonical record (or its failure)."""
    kind = resource.get("resourceType")
    row_id = _first(resource, "identifier", "value")
    row_id = str(row_id) if row_id is not None else None
    if kind == "DocumentReference":
        text = _attachment_text(resource, file, row, row_id)
        date = resource.get("date")
    else:
        text = composition_text(resource)
        date = resource.get("date")
    if isinstance(text, RawRecord):
        return text
    encounter = _encounter_of(resource)
    fields = {
        "source": _first(resource, "meta", "source"),
        "source_row_id": row_id,
        "patient_id": reference_id(resource.get("subject")),
        "encounter_id": encounter,
        "note_type": _note_type(resource),
        "note_date": date,
        "text": text,
        "codes": codes_by_encounter.get(encounter, []) if encounter else [],
    }
    return RawRecord(file=file, row=row, fields=fields, canonical=True, source_row_id=row_id)
