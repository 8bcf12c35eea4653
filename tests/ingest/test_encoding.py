"""ingest/encoding.py and non-UTF-8 CSV through the pipeline."""

import pytest

from chartforge.errors import ChartforgeError
from ingest.encoding import detect_encoding
from tests.ingest import exports
from tests.ingest.helpers import run, summary_json, table

ACCENTED = "Señora Müller’s café visit — naïve “quotes”, résumé."


def test_utf8_is_taken_as_is(tmp_path):
    assert detect_encoding(exports.write_csv(tmp_path / "x.csv", exports.records())) == ("utf-8", False)


def test_bom_decides(tmp_path):
    path = exports.write_csv(tmp_path / "x.csv", exports.records(), encoding="utf-16")
    assert detect_encoding(path) == ("utf-16", True)
    path = exports.write_csv(tmp_path / "y.csv", exports.records(), encoding="utf-8-sig")
    assert detect_encoding(path)[0] == "utf-8-sig"


def test_windows_1252_csv_is_detected_and_recorded(tmp_path, config):
    rows = exports.records()
    rows[3]["text"] = ACCENTED
    path = exports.write_csv(tmp_path / "x.csv", rows, encoding="cp1252")
    run([path], tmp_path / "out", config)
    assert table(tmp_path / "out", "notes")[3]["text"] == ACCENTED
    (entry,) = summary_json(tmp_path / "out")["files"]
    assert (entry["encoding"], entry["encoding_detected"]) == ("cp1252", True)


def test_utf16_csv_reads_the_same_notes(tmp_path, config):
    path = exports.write_csv(tmp_path / "x.csv", exports.records(), encoding="utf-16")
    run([path], tmp_path / "out", config)
    assert [n["text"] for n in table(tmp_path / "out", "notes")] == [r["text"] for r in exports.records()]


def test_undecodable_bytes_raise_e106(tmp_path, monkeypatch):
    import ingest.encoding as encoding

    monkeypatch.setattr(encoding, "_pick", lambda matches, tie_breakers: None)
    path = tmp_path / "x.csv"
    path.write_bytes(b"row_id,text\n1,\xff\xfe\xfa\n")
    with pytest.raises(ChartforgeError) as caught:
        detect_encoding(path)
    assert caught.value.code == "E106"
