"""deid/notes_io.py: every input line yields one record; bad lines carry an error, no text."""

from deid.notes_io import parse_line, read_records


def test_bad_lines_become_flagged_records(tmp_path):
    path = tmp_path / "notes.jsonl"
    path.write_bytes(b'{"id": "a", "text": "ok"}\n'
                     b'not json at all\n'
                     b'["a", "list"]\n'
                     b'{"text": "no id"}\n'
                     b'{"id": "b", "text": 42}\n'
                     b'{"id": "c", "text": "caf\xe9"}\n'
                     b'\n'
                     b'{"id": 7, "text": ""}\n')
    records = list(read_records(path))
    assert [r.line for r in records] == list(range(1, 9))
    assert [r.error is None for r in records] == [True, False, False, False, False, False, False, True]
    assert [r.error.split("]")[0] for r in records if r.error] == ["[E201", "[E201", "[E202", "[E202", "[E205", "[E201"]
    assert records[4].id == "b" and records[7].id == "7" and records[7].text == ""
    assert all("notes.jsonl" in r.error and f"line {r.line}" in r.error for r in records if r.error)


def test_error_messages_never_quote_the_note():
    record = parse_line(b'{"id": "x", "text": "Jane Roe 555-1234", broken', 3, "f.jsonl")
    assert record.error and "Jane" not in record.error and "555" not in record.error
