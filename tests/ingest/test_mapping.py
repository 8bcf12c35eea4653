"""ingest/mapping.py"""

from ingest.mapping import apply_mapping, column_for, missing_columns

MAPPING = {"source_row_id": "DOC_ID", "patient_id": "MRN", "text": "NOTE", "codes": ""}


def test_column_for_and_unmapped_fields():
    assert column_for(MAPPING, "patient_id") == "MRN"
    assert column_for(MAPPING, "codes") is None            # "" = the export has no such column
    assert column_for(MAPPING, "note_type") == "note_type"  # not in the mapping: same name


def test_apply_mapping_picks_only_mapped_columns():
    row = {"DOC_ID": "1", "MRN": "m", "NOTE": "t", "codes": "CPT:1", "extra": "x"}
    assert apply_mapping(MAPPING, row) == {"source_row_id": "1", "patient_id": "m", "text": "t"}


def test_missing_columns_reports_note_fields():
    assert missing_columns(MAPPING, ["DOC_ID", "NOTE"], ("source_row_id", "patient_id", "text")) == ["patient_id"]
