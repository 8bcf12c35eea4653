"""ingest/readers/fhir_bundle_reader.py"""

from ingest.readers import fhir_bundle_reader
from tests.ingest import exports


def test_entries_are_rows_and_codes_found_after_the_notes(export_dir, ctx):
    records = list(fhir_bundle_reader.read(export_dir / "bundle.json", ctx))
    assert [r.row for r in records] == [6, 7, 8, 9]  # after 2 Patient + 3 Encounter entries
    assert [r.fields["codes"] for r in records] == [r["codes"] for r in exports.records()]


def test_composition_bundle(export_dir, ctx):
    records = list(fhir_bundle_reader.read(export_dir / "composition.json", ctx))
    assert [r.fields["text"] for r in records] == [r["text"] for r in exports.records()]


def test_malformed_json_after_good_entries(tmp_path, ctx):
    text = exports.write_fhir_bundle(tmp_path / "b.json", exports.records()).read_text()
    path = tmp_path / "bad.json"
    path.write_text(text.replace('"DocumentReference"', '"DocumentReference" oops', 2).replace(' oops', '', 1))
    records = list(fhir_bundle_reader.read(path, ctx))
    assert [(r.row, r.error.code if r.error else None) for r in records] == [(6, None), (7, "E105")]
