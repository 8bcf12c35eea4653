"""ingest/readers/jsonl_reader.py"""

from ingest.readers import jsonl_reader
from tests.ingest import exports


def test_rows_are_line_numbers_and_blank_lines_are_skipped(tmp_path, ctx):
    path = exports.write_jsonl(tmp_path / "x.jsonl", exports.records()[:2])
    path.write_text(path.read_text().replace("\n", "\n\n", 1))
    assert [r.row for r in jsonl_reader.read(path, ctx)] == [1, 3]


def test_non_object_and_non_utf8_lines_are_failures(tmp_path, ctx):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'[1, 2]\n{"text": "\xff"}\n{"row_id": "1"}\n')
    records = list(jsonl_reader.read(path, ctx))
    assert [(r.row, r.error.code if r.error else None) for r in records] == [(1, "E108"), (2, "E108"), (3, None)]
    assert "not a JSON object" in str(records[0].error) and "UTF-8" in str(records[1].error)


def test_last_line_without_newline_is_fine_when_complete(tmp_path, ctx):
    path = tmp_path / "x.jsonl"
    path.write_text('{"row_id": "1"}\n{"row_id": "2"}')
    assert [r.fields["row_id"] for r in jsonl_reader.read(path, ctx)] == ["1", "2"]
