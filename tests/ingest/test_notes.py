"""ingest/notes.py: one raw record -> one Note row, or a coded error."""

import datetime as dt

import pytest

from chartforge.errors import ChartforgeError
from chartforge.ids import note_id
from ingest.notes import NoteRules, build_note, normalize_code, parse_codes, parse_date
from ingest.records import RawRecord

RULES = NoteRules(mapping={"source": "system", "source_row_id": "id", "patient_id": "mrn", "text": "body",
                           "note_date": "when", "codes": "dx", "encounter_id": "", "note_type": "kind"},
                  default_source="fallback", date_formats=("%m/%d/%Y", "%Y%m%d"))


def _build(**fields):
    return build_note(RawRecord(file="f.csv", row=7, fields=fields), RULES)


def test_mapping_renames_columns_and_default_source_fills_in():
    note = _build(id=12, mrn="p1", body="HPI: x\r\n", when="03/04/2021", dx="icd10cm:e1122|CPT:99213", kind="progress",
                  encounter_id="ignored: mapped to no column")
    assert note["source"] == "fallback" and note["source_row_id"] == "12"
    assert note["note_id"] == note_id("fallback", "12")
    assert note["text"] == "HPI: x\n" and note["note_date"] == dt.date(2021, 3, 4)
    assert note["codes"] == ["ICD10CM:E11.22", "CPT:99213"] and note["encounter_id"] is None
    assert note["sections"] == [{"name": "hpi", "start": 0, "end": 7}]


def test_errors_name_the_export_column():
    with pytest.raises(ChartforgeError) as caught:
        _build(id="1", body="x")
    assert caught.value.code == "E101" and "'mrn'" in str(caught.value) and "row 7" in str(caught.value)
    with pytest.raises(ChartforgeError) as caught:
        _build(id="1", mrn="p", body="x", when="13/45/2021")
    assert caught.value.code == "E104" and "'when'" in str(caught.value)


def test_integer_valued_float_ids_lose_their_fraction():
    assert _build(id=3.0, mrn="p", body="x")["source_row_id"] == "3"


def test_dates():
    assert parse_date("2021-03-04T10:00:00Z", ()) == dt.date(2021, 3, 4)
    assert parse_date("20210304", ("%Y%m%d",)) == dt.date(2021, 3, 4)
    assert parse_date(dt.datetime(2021, 3, 4, 5), ()) == dt.date(2021, 3, 4)
    assert parse_date("", ()) is None and parse_date(None, ()) is None
    with pytest.raises(ValueError):
        parse_date("March-ish", ("%Y",))


def test_codes():
    assert parse_codes(["ICD10CM:I10", "ICD10CM:I10", "CPT:99213"], "|") == ["ICD10CM:I10", "CPT:99213"]
    assert parse_codes("", "|") == [] and parse_codes(None, "|") == []
    assert normalize_code(" cpt : 99213 ") == "CPT:99213"
    assert normalize_code("ICD10CM:I10") == "ICD10CM:I10"
    with pytest.raises(ValueError):
        normalize_code("I10")


def test_every_string_field_is_control_stripped_not_only_the_text():
    hostile = "[/bold]x\x1b]8;;https://evil.example\x07y\r\n\u202e"
    note = _build(id="12\x00", mrn="p\x1b1", body="HPI\x07: x", kind=hostile, system="ehr\x9b", dx="cpt:99213\x08")
    for field in ("source", "source_row_id", "patient_id", "note_type", "text"):
        assert not any(ord(ch) < 32 and ch != "\n" or 0x7f <= ord(ch) <= 0x9f or ch == "\u202e"
                       for ch in note[field]), field
    assert note["note_type"] == "[/bold]x]8;;https://evil.exampley"
    assert (note["source"], note["source_row_id"], note["patient_id"]) == ("ehr", "12", "p1")
    assert note["note_id"] == note_id("ehr", "12") and note["codes"] == ["CPT:99213"]
    with pytest.raises(ChartforgeError) as caught:  # a field of only control characters is missing
        _build(id="\x00\x07", mrn="p", body="x")
    assert caught.value.code == "E101"
