"""ingest/readers/csv_reader.py"""

from ingest.readers import csv_reader
from tests.ingest import exports


def test_quoted_newlines_and_row_numbers(tmp_path, ctx):
    path = exports.write_csv(tmp_path / "x.csv", exports.records())
    records = list(csv_reader.read(path, ctx))
    assert [r.row for r in records] == [1, 2, 3, 4]
    assert records[0].fields["text"] == exports.records()[0]["text"]
    assert records[0].fields["codes"] == "ICD10CM:I20.9|CPT:99223"


def test_tab_and_semicolon_delimiters_and_blank_lines(tmp_path, ctx):
    (tmp_path / "x.tsv").write_text("row_id\tpatient_id\ttext\n1\tp1\ta, b\n\n2\tp2\tc\n")
    (tmp_path / "y.csv").write_text("row_id;patient_id;text\n1;p1;a, b\n")
    tsv = list(csv_reader.read(tmp_path / "x.tsv", ctx))
    assert [(r.row, r.fields["text"]) for r in tsv] == [(1, "a, b"), (2, "c")]
    assert list(csv_reader.read(tmp_path / "y.csv", ctx))[0].fields["text"] == "a, b"


def test_fields_longer_than_the_csv_default_limit(tmp_path, ctx):
    rows = exports.records()[:1]
    rows[0]["text"] = "word " * 60000  # 300 kB, past csv's 128 KiB default
    (record,) = csv_reader.read(exports.write_csv(tmp_path / "x.csv", rows), ctx)
    assert record.error is None and len(record.fields["text"]) == 300000


def test_header_only_file_has_no_records(tmp_path, ctx):
    (tmp_path / "x.csv").write_text("row_id,patient_id,text\n")
    assert list(csv_reader.read(tmp_path / "x.csv", ctx)) == []


def test_encoding_is_noted_for_the_summary(tmp_path, ctx):
    path = exports.write_csv(tmp_path / "x.csv", exports.records(), encoding="utf-16")
    list(csv_reader.read(path, ctx))
    assert ctx.file_notes[str(path)] == {"encoding": "utf-16", "encoding_detected": True}


def test_progress_counts_every_byte(tmp_path, config):
    from ingest.context import ReadContext

    seen = []
    path = exports.write_csv(tmp_path / "x.csv", exports.records())
    ctx = ReadContext(mapping=dict(config["ingest"]["mapping"]), on_bytes=seen.append)
    list(csv_reader.read(path, ctx))
    assert sum(seen) == path.stat().st_size
