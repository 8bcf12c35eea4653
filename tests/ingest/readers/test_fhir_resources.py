"""ingest/readers/fhir_resources.py: resource -> canonical fields."""

import base64

from ingest.readers.fhir_resources import collect_codes, note_record, reference_id
from tests.ingest import exports

ROW = exports.records()[0]


def test_document_reference_fields():
    record = note_record(exports.document_reference(ROW), {"e1": ["ICD10CM:I20.9"]}, "b.json", 3)
    assert record.canonical and record.error is None
    assert record.fields == {"source": exports.SOURCE, "source_row_id": "r1", "patient_id": "p1", "encounter_id": "e1",
                             "note_type": "history_physical", "note_date": "2021-03-04T10:00:00Z",
                             "text": ROW["text"], "codes": ["ICD10CM:I20.9"]}


def test_unknown_loinc_is_kept_visible_and_charset_is_honoured():
    resource = exports.document_reference(ROW, data=base64.b64encode("café".encode("latin-1")).decode())
    resource["type"]["coding"][0]["code"] = "99999-9"
    resource["content"][0]["attachment"]["contentType"] = "text/plain; charset=latin-1"
    record = note_record(resource, {}, "b.json", 1)
    assert record.fields["note_type"] == "loinc:99999-9" and record.fields["text"] == "café"


def test_attachment_failures():
    url_only = exports.document_reference(ROW)
    url_only["content"][0]["attachment"] = {"url": "http://x/1", "contentType": "text/plain"}
    pdf = exports.document_reference(ROW)
    pdf["content"][0]["attachment"]["contentType"] = "application/pdf"
    assert note_record(url_only, {}, "b.json", 1).error.code == "E101"
    assert note_record(pdf, {}, "b.json", 1).error.code == "E108"
    assert note_record(exports.document_reference(ROW, data="@@@"), {}, "b.json", 1).error.code == "E102"


def test_codes_are_joined_by_encounter_in_order():
    resources = exports._code_resources(exports.records())
    assert collect_codes(resources) == {"e1": ["ICD10CM:I20.9", "CPT:99223"], "e2": ["CPT:71046"]}


def test_reference_id():
    assert reference_id({"reference": "Patient/123"}) == "123"
    assert reference_id({"display": "x"}) is None and reference_id(None) is None
