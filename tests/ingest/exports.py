"""Small hand-made EHR exports in every format the ingest stage reads (test helper).

The same records are written as CSV, JSONL, Parquet, FHIR Bundle, FHIR NDJSON and a
Composition Bundle, following docs/contracts.md §1, so tests can check that every reader
yields the same notes. Bad-input tests start from these files and damage them.
"""

from __future__ import annotations

import base64
import csv
import html
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

SOURCE = "test-ehr"
LOINC = {"history_physical": "34117-2", "progress": "11506-3", "discharge_summary": "18842-5",
         "operative": "11504-8", "nursing": "34746-8", "radiology": "18748-4"}
ICD_SYSTEM = "http://hl7.org/fhir/sid/icd-10-cm"
CPT_SYSTEM = "http://www.ama-assn.org/go/cpt"
FIELDS = ["row_id", "source", "patient_id", "encounter_id", "note_type", "note_date", "text", "codes"]


def records() -> list[dict]:
    """Four notes over two patients; two share an encounter (and so its codes)."""
    return [
        {"row_id": "r1", "source": SOURCE, "patient_id": "p1", "encounter_id": "e1", "note_type": "history_physical",
         "note_date": "2021-03-04",
         "text": "CHIEF COMPLAINT: chest pain\nHPI:\n58 yo M, café worker, 2 days of pain.\n"
                 "MEDICATIONS:\naspirin 81 mg\nASSESSMENT AND PLAN: rule out MI",
         "codes": ["ICD10CM:I20.9", "CPT:99223"]},
        {"row_id": "r2", "source": SOURCE, "patient_id": "p1", "encounter_id": "e1", "note_type": "progress",
         "note_date": "2021-03-05", "text": "SUBJECTIVE: feels better\tno pain\nA/P: discharge tomorrow",
         "codes": ["ICD10CM:I20.9", "CPT:99223"]},
        {"row_id": "r3", "source": SOURCE, "patient_id": "p2", "encounter_id": "e2", "note_type": "radiology",
         "note_date": "2020-12-31", "text": "FINDINGS: no acute process.\nIMPRESSION: normal chest",
         "codes": ["CPT:71046"]},
        {"row_id": "r4", "source": SOURCE, "patient_id": "p2", "encounter_id": "e3", "note_type": "nursing",
         "note_date": "2021-01-02", "text": "Patient resting comfortably, \"no complaints\", vitals stable.",
         "codes": []},
    ]


def write_csv(path: Path, rows: list[dict], encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(FIELDS)
        for row in rows:
            writer.writerow([("|".join(row[f]) if f == "codes" else row[f]) for f in FIELDS])
    return path


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")
    return path


def write_parquet(path: Path, rows: list[dict]) -> Path:
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def _code_resources(rows: list[dict]) -> list[dict]:
    """Condition/Procedure per encounter (each encounter's codes once, as a real export has them)."""
    resources, seen = [], set()
    for row in rows:
        if row["encounter_id"] in seen:
            continue
        seen.add(row["encounter_id"])
        for i, code in enumerate(row["codes"]):
            system, value = code.split(":", 1)
            kind = "Condition" if system == "ICD10CM" else "Procedure"
            resources.append({"resourceType": kind, "id": f"{row['encounter_id']}-{i}",
                              "subject": {"reference": f"Patient/{row['patient_id']}"},
                              "encounter": {"reference": f"Encounter/{row['encounter_id']}"},
                              "code": {"coding": [{"system": ICD_SYSTEM if kind == "Condition" else CPT_SYSTEM,
                                                   "code": value}]}})
    return resources


def document_reference(row: dict, data: str | None = None) -> dict:
    return {
        "resourceType": "DocumentReference", "id": row["row_id"], "meta": {"source": row["source"]},
        "identifier": [{"value": row["row_id"]}], "status": "current",
        "type": {"coding": [{"system": "http://loinc.org", "code": LOINC[row["note_type"]]}]},
        "subject": {"reference": f"Patient/{row['patient_id']}"}, "date": row["note_date"] + "T10:00:00Z",
        "context": {"encounter": [{"reference": f"Encounter/{row['encounter_id']}"}]},
        "content": [{"attachment": {"contentType": "text/plain; charset=utf-8",
                                    "data": data or base64.b64encode(row["text"].encode()).decode()}}],
    }


def composition(row: dict) -> dict:
    # Two sections whose narratives concatenate back to the note text.
    cut = len(row["text"]) // 2
    parts = [row["text"][:cut], row["text"][cut:]]
    return {
        "resourceType": "Composition", "id": row["row_id"], "meta": {"source": row["source"]},
        "identifier": {"value": row["row_id"]}, "status": "final",
        "type": {"coding": [{"system": "http://loinc.org", "code": LOINC[row["note_type"]]}]},
        "subject": {"reference": f"Patient/{row['patient_id']}"},
        "encounter": {"reference": f"Encounter/{row['encounter_id']}"}, "date": row["note_date"],
        "title": row["note_type"],
        "section": [{"title": f"part {i}", "text": {"status": "generated",
                     "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{html.escape(p).replace(chr(10), "<br/>")}</div>'}}
                    for i, p in enumerate(parts)],
    }


def _patients_and_encounters(rows: list[dict]) -> list[dict]:
    out = [{"resourceType": "Patient", "id": pid} for pid in dict.fromkeys(r["patient_id"] for r in rows)]
    out += [{"resourceType": "Encounter", "id": eid} for eid in dict.fromkeys(r["encounter_id"] for r in rows)]
    return out


def bundle(resources: list[dict]) -> dict:
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}


def write_fhir_bundle(path: Path, rows: list[dict]) -> Path:
    # Codes after the notes on purpose: the reader must not depend on resource order.
    resources = _patients_and_encounters(rows) + [document_reference(r) for r in rows] + _code_resources(rows)
    path.write_text(json.dumps(bundle(resources), indent=1), encoding="utf-8")
    return path


def write_fhir_ndjson(path: Path, rows: list[dict]) -> Path:
    resources = _patients_and_encounters(rows) + [document_reference(r) for r in rows] + _code_resources(rows)
    path.write_text("".join(json.dumps(r) + "\n" for r in resources), encoding="utf-8")
    return path


def write_composition(path: Path, rows: list[dict]) -> Path:
    resources = [composition(r) for r in rows] + _code_resources(rows)
    path.write_text(json.dumps(bundle(resources)), encoding="utf-8")
    return path


WRITERS = {"export.csv": write_csv, "export.jsonl": write_jsonl, "export.parquet": write_parquet,
           "bundle.json": write_fhir_bundle, "documentreference.ndjson": write_fhir_ndjson,
           "composition.json": write_composition}
