"""Records from de-identified rows and synthetic rows: labels, evidence, exclusions."""

import json

from corpus.codes import get_lookup
from corpus.records import Outcome, deid_record, synth_record
from tests.corpus.factories import synth_row


def test_synthetic_evidence_becomes_one_based_line_numbers():
    outcome = Outcome()
    synth_record(synth_row(7, "g1"), "r1", get_lookup(), outcome)
    (record,) = outcome.records
    example = record.instruction_example()
    assert example["input"].split("\n")[1] == "2: Assessment: essential hypertension, stable."
    label = json.loads(example["output"])["icd10cm"][0]
    # Run evidence [1] = list index 1 = the assessment line, printed as line 2.
    assert label == {"code": "I10", "description": "Essential (primary) hypertension",
                     "confidence": 0.9, "evidence": [2]}
    assert record.group_key == "group:g1" and record.id == "synth-s00007"


def test_out_of_range_evidence_excludes_the_note_with_a_reason():
    row = synth_row(1, "g")
    row["icd10cm"][0]["evidence"] = [9]
    outcome = Outcome()
    synth_record(row, "r1", get_lookup(), outcome)
    assert outcome.records == []
    assert outcome.excluded == [{"id": "synth-s00001", "reason": "ICD10CM:I10 evidence line out of range"}]


def test_export_codes_are_normalized_deduplicated_and_invalid_ones_reported():
    row = {"note_id": "n1", "patient_id": "PSEUDO-1", "note_type": "progress", "text": "Line one\nLine two\n",
           "codes": ["ICD10CM:e1122", "ICD10CM:E11.22", "CPT:47563", "ICD10CM:Q99.99X", "LOINC:1234-5"]}
    outcome = Outcome()
    deid_record(row, "b1", get_lookup(), outcome)
    (record,) = outcome.records
    assert [label["code"] for label in record.icd10cm] == ["E11.22"]
    assert [label["code"] for label in record.cpt] == ["47563"]
    assert record.icd10cm[0]["evidence"] == [] and record.icd10cm[0]["confidence"] == 1.0
    assert {d["reason"] for d in outcome.dropped} == {"not a valid ICD-10-CM code", "unknown code system"}
    assert record.lines == ["Line one", "Line two"]


def test_a_note_without_any_valid_code_is_excluded_not_lost():
    outcome = Outcome()
    deid_record({"note_id": "n2", "patient_id": "P", "text": "x", "codes": []}, "b1", get_lookup(), outcome)
    assert outcome.records == [] and outcome.excluded == [{"id": "deid-n2", "reason": "no valid ICD-10-CM or CPT code"}]
