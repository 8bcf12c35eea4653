"""Bad input (issue 3 item 5): each case is named by file and row, quarantined with a reason,
the run continues, and the counts reconcile."""

from __future__ import annotations

import gzip
import json

from chartforge.ids import note_id
from tests.ingest import exports
from tests.ingest.helpers import assert_reconciled, run, table


def _quarantine(out):
    return [(q["file"], q["row"], q["error_code"]) for q in table(out, "quarantine")]


def _good(tmp_path):
    """A healthy file beside the bad one: the run must go on and write it."""
    return exports.write_jsonl(tmp_path / "good.jsonl", exports.records())


def test_missing_required_column_in_csv_quarantines_every_row(tmp_path, config):
    path = tmp_path / "no_text.csv"
    path.write_text("row_id,patient_id,note_date\n1,p1,2021-01-01\n2,p2,2021-01-02\n")
    summary, errors = run([path, _good(tmp_path)], tmp_path / "out", config)
    assert _quarantine(tmp_path / "out") == [(str(path), 1, "E101"), (str(path), 2, "E101")]
    assert "'text'" in str(errors[0]) and "row 1" in str(errors[0]) and str(path) in str(errors[0])
    assert assert_reconciled(tmp_path / "out")["written"] == 4


def test_missing_field_in_one_jsonl_row_and_parquet_column(tmp_path, config):
    rows = exports.records()
    del rows[1]["patient_id"]
    jsonl = exports.write_jsonl(tmp_path / "x.jsonl", rows)
    parquet = exports.write_parquet(tmp_path / "x.parquet", [{k: v for k, v in r.items() if k != "text"}
                                                             for r in exports.records()[:2]])
    run([jsonl, parquet], tmp_path / "out", config)
    assert _quarantine(tmp_path / "out") == [(str(jsonl), 2, "E101"), (str(parquet), 1, "E101"), (str(parquet), 2, "E101")]
    assert table(tmp_path / "out", "quarantine")[0]["source_row_id"] == "r2"
    assert assert_reconciled(tmp_path / "out")["written"] == 3


def test_bad_base64_attachment(tmp_path, config):
    rows = exports.records()
    resources = [exports.document_reference(rows[0], data="not*base64!"), exports.document_reference(rows[1])]
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(exports.bundle(resources)))
    _, errors = run([path], tmp_path / "out", config)
    assert _quarantine(tmp_path / "out") == [(str(path), 1, "E102")]
    assert "row 1" in str(errors[0])
    assert [n["source_row_id"] for n in table(tmp_path / "out", "notes")] == ["r2"]
    assert_reconciled(tmp_path / "out")


def test_empty_text_after_normalization(tmp_path, config):
    rows = exports.records()
    rows[2]["text"] = " \r\n\x00\t\x07 "
    path = exports.write_jsonl(tmp_path / "x.jsonl", rows)
    run([path], tmp_path / "out", config)
    assert _quarantine(tmp_path / "out") == [(str(path), 3, "E103")]
    assert assert_reconciled(tmp_path / "out")["written"] == 3


def test_unparseable_date(tmp_path, config):
    rows = exports.records()
    rows[0]["note_date"] = "31/31/2021"
    path = exports.write_csv(tmp_path / "x.csv", rows)
    _, errors = run([path], tmp_path / "out", config)
    assert _quarantine(tmp_path / "out") == [(str(path), 1, "E104")]
    assert "'note_date'" in str(errors[0])
    assert_reconciled(tmp_path / "out")


def test_csv_cut_mid_row(tmp_path, config):
    full = exports.write_csv(tmp_path / "full.csv", exports.records()).read_bytes()
    path = tmp_path / "cut.csv"
    path.write_bytes(full[: full.index(b"no acute process")])  # inside row 3's quoted text
    _, errors = run([path], tmp_path / "out", config)
    assert _quarantine(tmp_path / "out") == [(str(path), 3, "E105")]
    assert "truncated" in str(errors[0])
    assert assert_reconciled(tmp_path / "out")["written"] == 2


def test_csv_cut_after_a_field_separator(tmp_path, config):
    rows = exports.records()
    full = exports.write_csv(tmp_path / "full.csv", rows).read_bytes()
    path = tmp_path / "cut.csv"
    path.write_bytes(full[: full.rindex(b",p2,")])  # last row ends after its row_id/source fields
    run([path], tmp_path / "out", config)
    assert _quarantine(tmp_path / "out") == [(str(path), 4, "E105")]
    assert assert_reconciled(tmp_path / "out")["written"] == 3


def test_jsonl_cut_mid_line(tmp_path, config):
    full = exports.write_jsonl(tmp_path / "full.jsonl", exports.records()).read_bytes()
    path = tmp_path / "cut.jsonl"
    path.write_bytes(full[:-20])
    run([path], tmp_path / "out", config)
    assert _quarantine(tmp_path / "out") == [(str(path), 4, "E105")]
    assert assert_reconciled(tmp_path / "out")["written"] == 3


def test_malformed_jsonl_line_in_the_middle_is_not_truncation(tmp_path, config):
    lines = exports.write_jsonl(tmp_path / "full.jsonl", exports.records()).read_text().splitlines(keepends=True)
    lines[1] = lines[1][:30] + "\n"
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(lines))
    run([path], tmp_path / "out", config)
    assert _quarantine(tmp_path / "out") == [(str(path), 2, "E108")]
    assert assert_reconciled(tmp_path / "out")["written"] == 3


def test_truncated_parquet(tmp_path, config):
    full = exports.write_parquet(tmp_path / "full.parquet", exports.records()).read_bytes()
    path = tmp_path / "cut.parquet"
    path.write_bytes(full[: len(full) // 2])
    _, errors = run([path, _good(tmp_path)], tmp_path / "out", config)
    assert _quarantine(tmp_path / "out") == [(str(path), 0, "E105")]
    assert "Parquet" in str(errors[0])
    assert assert_reconciled(tmp_path / "out")["written"] == 4


def test_truncated_fhir_bundle_keeps_complete_entries(tmp_path, config):
    full = exports.write_fhir_bundle(tmp_path / "full.json", exports.records()).read_text()
    path = tmp_path / "cut.json"
    # Cut inside the third DocumentReference (entries: 2 patients, 3 encounters, then notes).
    path.write_text(full[: full.index('"r3"') + 2])
    run([path], tmp_path / "out", config)
    assert _quarantine(tmp_path / "out") == [(str(path), 8, "E105")]
    assert [n["source_row_id"] for n in table(tmp_path / "out", "notes")] == ["r1", "r2"]
    assert_reconciled(tmp_path / "out")


def test_truncated_fhir_ndjson(tmp_path, config):
    rows = exports.records()
    resources = [exports.document_reference(r) for r in rows]
    text = "".join(json.dumps(r) + "\n" for r in resources)
    path = tmp_path / "cut.ndjson"
    path.write_text(text[:-100])
    run([path], tmp_path / "out", config)
    assert _quarantine(tmp_path / "out") == [(str(path), 4, "E105")]
    assert assert_reconciled(tmp_path / "out")["written"] == 3


def test_binary_files(tmp_path, config):
    noise = tmp_path / "export.csv"
    noise.write_bytes(bytes(range(256)) * 8)
    zipped = tmp_path / "export2.jsonl"
    zipped.write_bytes(gzip.compress(b'{"row_id": "1"}\n'))
    _, errors = run([noise, zipped, _good(tmp_path)], tmp_path / "out", config)
    assert _quarantine(tmp_path / "out") == [(str(noise), 0, "E106"), (str(zipped), 0, "E106")]
    assert "gzip" in str(errors[1])
    assert assert_reconciled(tmp_path / "out")["written"] == 4


def test_unsupported_format(tmp_path, config):
    path = tmp_path / "notes.md"
    path.write_text("# just some prose\n")
    run([path, _good(tmp_path)], tmp_path / "out", config)
    assert _quarantine(tmp_path / "out") == [(str(path), 0, "E107")]


def test_mid_file_csv_row_with_wrong_field_count(tmp_path, config):
    path = tmp_path / "x.csv"
    path.write_text("row_id,patient_id,text\n1,p1,hello\n2,p2\n3,p3,bye\n")
    run([path], tmp_path / "out", config)
    assert _quarantine(tmp_path / "out") == [(str(path), 2, "E108")]
    assert [n["source_row_id"] for n in table(tmp_path / "out", "notes")] == ["1", "3"]


def test_codes_without_a_system_are_quarantined(tmp_path, config):
    rows = exports.records()[:1]
    rows[0]["codes"] = ["I20.9"]
    run([exports.write_jsonl(tmp_path / "x.jsonl", rows)], tmp_path / "out", config)
    assert [q["error_code"] for q in table(tmp_path / "out", "quarantine")] == ["E108"]


def test_quarantine_file_names_ids_for_follow_up(tmp_path, config):
    rows = exports.records()
    rows[3]["note_date"] = "yesterday"
    run([exports.write_parquet(tmp_path / "x.parquet", rows)], tmp_path / "out", config)
    (entry,) = table(tmp_path / "out", "quarantine")
    assert entry["source_row_id"] == "r4" and entry["row"] == 4
    assert note_id(exports.SOURCE, "r4") not in {n["note_id"] for n in table(tmp_path / "out", "notes")}


def test_unreadable_file_is_skipped_not_fatal(tmp_path, config):
    import os

    path = exports.write_jsonl(tmp_path / "locked.jsonl", exports.records())
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # root reads anything: simulate the failure instead
            path.chmod(0o644)
            path.unlink()
            path.mkdir()  # opening a directory as a file fails with IsADirectoryError
        run([path, _good(tmp_path)], tmp_path / "out", config)
    finally:
        path.chmod(0o755) if path.is_dir() else path.chmod(0o644)
    assert _quarantine(tmp_path / "out") == [(str(path), 0, "E110")]
    assert assert_reconciled(tmp_path / "out")["written"] == 4
