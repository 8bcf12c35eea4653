"""All formats hold the same records (contracts.md section 1)."""

from __future__ import annotations

import base64
import csv
import json

import pyarrow.parquet as pq

from demodata.fhir import composition_text
from tests.demodata.helpers import gold, read_jsonl

FIELDS = ["row_id", "source", "patient_id", "encounter_id", "note_type", "note_date", "text", "codes"]


def _jsonl(export):
    return read_jsonl(export / "export.jsonl")


def test_csv_holds_the_jsonl_records(demo_export):
    with open(demo_export / "export.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == FIELDS
        rows = list(reader)
    assert (demo_export / "export.csv").read_bytes().count(b"\r\n") >= len(rows)  # RFC 4180 record ends
    for row, expected in zip(rows, _jsonl(demo_export), strict=True):
        assert list(expected) == FIELDS
        codes = row.pop("codes")
        assert codes.split("|") if codes else [] == expected["codes"]
        assert row == {k: v for k, v in expected.items() if k != "codes"}


def test_parquet_holds_the_jsonl_records_typed(demo_export):
    table = pq.read_table(demo_export / "export.parquet")
    assert table.column_names == FIELDS
    assert str(table.schema.field("note_date").type) == "date32[day]"
    for row, expected in zip(table.to_pylist(), _jsonl(demo_export), strict=True):
        assert {**row, "note_date": row["note_date"].isoformat()} == expected


def _fhir_resources(export):
    bundle = json.loads((export / "fhir" / "bundle.json").read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    return [entry["resource"] for entry in bundle["entry"]]


def _codes_by_encounter(resources):
    codes: dict[str, list[str]] = {}
    system = {"http://hl7.org/fhir/sid/icd-10-cm": "ICD10CM", "http://www.ama-assn.org/go/cpt": "CPT"}
    for res in resources:
        if res["resourceType"] in ("Condition", "Procedure"):
            coding = res["code"]["coding"][0]
            encounter = res["encounter"]["reference"].split("/")[1]
            codes.setdefault(encounter, []).append(f"{system[coding['system']]}:{coding['code']}")
    return codes


def test_fhir_bundle_and_ndjson_hold_the_same_notes_and_codes(demo_export):
    resources = _fhir_resources(demo_export)
    with open(demo_export / "fhir" / "documentreference.ndjson", encoding="utf-8") as handle:
        assert [json.loads(line) for line in handle] == resources
    kinds = {res["resourceType"] for res in resources}
    assert kinds == {"Patient", "Encounter", "DocumentReference", "Condition", "Procedure"}
    codes = _codes_by_encounter(resources)
    documents = [res for res in resources if res["resourceType"] == "DocumentReference"]
    for doc, expected in zip(documents, _jsonl(demo_export), strict=True):
        assert doc["identifier"][0]["value"] == expected["row_id"]
        assert doc["meta"]["source"] == expected["source"]
        assert doc["subject"]["reference"] == f"Patient/{expected['patient_id']}"
        assert doc["context"]["encounter"][0]["reference"] == f"Encounter/{expected['encounter_id']}"
        assert doc["date"].startswith(expected["note_date"])
        attachment = doc["content"][0]["attachment"]
        assert attachment["contentType"].startswith("text/plain")
        assert base64.b64decode(attachment["data"]).decode("utf-8") == expected["text"]
        assert codes.get(expected["encounter_id"], []) == expected["codes"]


def test_composition_bundle_reconstructs_every_note_exactly(demo_export):
    bundle = json.loads((demo_export / "fhir" / "composition.json").read_text(encoding="utf-8"))
    resources = [entry["resource"] for entry in bundle["entry"]]
    compositions = [res for res in resources if res["resourceType"] == "Composition"]
    codes = _codes_by_encounter(resources)
    for composition, expected in zip(compositions, _jsonl(demo_export), strict=True):
        assert composition["identifier"]["value"] == expected["row_id"]
        assert composition["date"] == expected["note_date"]
        assert composition_text(composition) == expected["text"]
        assert len(composition["section"]) >= 3
        assert codes.get(expected["encounter_id"], []) == expected["codes"]


def test_readme_counts_match_the_gold_file(demo_export):
    readme = (demo_export / "README.md").read_text(encoding="utf-8")
    lines = gold(demo_export)
    assert f"- notes: {len(lines)}" in readme
    names = sum(1 for line in lines for s in line["spans"] if s["label"] == "NAME")
    assert f"| NAME | {names} |" in readme
