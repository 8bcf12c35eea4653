"""chartforge.jsonl: blank lines skipped; a bad row raises the caller's error with its row."""

from __future__ import annotations

import pytest

from chartforge.errors import ChartforgeError
from chartforge.jsonl import parse_records


def _error(path):
    return lambda row, exc: ChartforgeError.make("E401", file=path, row=row, reason=type(exc).__name__)


def test_records_are_parsed_in_order_and_blank_lines_skipped(tmp_path):
    path = tmp_path / "terms.jsonl"
    path.write_text('{"id": 1}\n\n   \n{"id": 2}\n')
    assert list(parse_records(path, lambda r: r["id"], _error(path))) == [1, 2]


@pytest.mark.parametrize("bad_line, reason", [("not json at all", "JSONDecodeError"),
                                               ('{"other": "Jane Doe"}', "KeyError"),
                                               ('["a list"]', "TypeError")])
def test_a_bad_row_names_file_and_row_never_content(tmp_path, bad_line, reason):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": 1}\n' + bad_line + "\n")
    with pytest.raises(ChartforgeError) as error:
        list(parse_records(path, lambda r: r["id"], _error(path)))
    message = str(error.value)
    assert "row 2" in message and reason in message and "Jane" not in message
