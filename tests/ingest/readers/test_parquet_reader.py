"""ingest/readers/parquet_reader.py"""

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq

from ingest.readers import parquet_reader
from tests.ingest import exports


def test_typed_columns_stream_in_batches(tmp_path, ctx):
    rows = exports.records()
    for row in rows:
        row["note_date"] = dt.date.fromisoformat(row["note_date"])
    path = tmp_path / "x.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=1)
    seen = []
    ctx.on_bytes = seen.append
    records = list(parquet_reader.read(path, ctx))
    assert [r.row for r in records] == [1, 2, 3, 4]
    assert records[0].fields["note_date"] == dt.date(2021, 3, 4)
    assert records[0].fields["codes"] == ["ICD10CM:I20.9", "CPT:99223"]
    assert len(seen) == 2  # chunk_rows=2 -> two batches, each reported to the progress bar


def test_missing_required_column_fails_every_row(tmp_path, ctx):
    path = exports.write_parquet(tmp_path / "x.parquet", [{"row_id": "1", "text": "x"}, {"row_id": "2", "text": "y"}])
    records = list(parquet_reader.read(path, ctx))
    assert [(r.row, r.error.code) for r in records] == [(1, "E101"), (2, "E101")]
    assert "'patient_id'" in str(records[0].error)


def test_not_parquet_at_all(tmp_path, ctx):
    path = tmp_path / "x.parquet"
    path.write_bytes(b"PAR1 but nothing else")
    (record,) = parquet_reader.read(path, ctx)
    assert (record.row, record.error.code) == (0, "E105")
