"""ingest/writer.py"""

import pyarrow.parquet as pq

from ingest import schema
from ingest.writer import ParquetSink


def test_row_groups_of_chunk_rows_and_an_empty_file_still_has_the_schema(tmp_path):
    sink = ParquetSink(tmp_path / "q.parquet", schema.QUARANTINE, chunk_rows=2)
    for row in range(5):
        sink.append({"file": "f", "row": row, "source_row_id": None, "error_code": "E103", "reason": "r"})
    sink.close()
    parquet = pq.ParquetFile(tmp_path / "q.parquet")
    assert (parquet.metadata.num_rows, parquet.num_row_groups, sink.rows_written) == (5, 3, 5)
    empty = ParquetSink(tmp_path / "e.parquet", schema.NOTES, chunk_rows=2)
    empty.close()
    assert pq.read_table(tmp_path / "e.parquet").schema.equals(schema.NOTES)
