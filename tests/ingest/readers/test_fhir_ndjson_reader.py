"""ingest/readers/fhir_ndjson_reader.py"""

from ingest.readers import fhir_ndjson_reader
from tests.ingest import exports


def test_notes_with_codes_and_line_rows(export_dir, ctx):
    records = list(fhir_ndjson_reader.read(export_dir / "documentreference.ndjson", ctx))
    assert [r.row for r in records] == [6, 7, 8, 9]
    assert [r.fields["codes"] for r in records] == [r["codes"] for r in exports.records()]


def test_a_bad_line_in_the_middle_is_one_failure(export_dir, tmp_path, ctx):
    lines = (export_dir / "documentreference.ndjson").read_text().splitlines(keepends=True)
    lines[6] = "{not json\n"
    path = tmp_path / "x.ndjson"
    path.write_text("".join(lines))
    records = list(fhir_ndjson_reader.read(path, ctx))
    assert [(r.row, r.error.code if r.error else None) for r in records] == [(6, None), (7, "E108"), (8, None), (9, None)]
