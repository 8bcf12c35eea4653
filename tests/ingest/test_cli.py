"""`chartforge ingest`: exit codes, the summary table, and no PHI on the terminal or in reasons."""

from __future__ import annotations

import base64
import json

import pyarrow.parquet as pq
from click.testing import CliRunner

from chartforge.cli import cli
from tests.ingest import exports
from tests.ingest.helpers import assert_reconciled

PHI = ["Bartholomew Quixley", "123-45-6789", "MRN 88812345", "bquixley@example.org"]


def invoke(*args):
    return CliRunner().invoke(cli, ["ingest", *map(str, args), "--no-progress"])


def test_exit_0_with_a_reconciled_summary_table(export_dir, tmp_path):
    result = invoke(export_dir / "export.csv", export_dir / "bundle.json", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "total" in result.output and "quarantined" in result.output
    assert "4 notes written" in result.output
    assert "4 exact duplicate(s) dropped" in result.output
    assert_reconciled(tmp_path / "out")


def test_exit_0_when_some_rows_are_quarantined_and_says_so(tmp_path):
    rows = exports.records()
    rows[0]["text"] = ""
    result = invoke(exports.write_jsonl(tmp_path / "x.jsonl", rows), "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert "1 record(s) quarantined" in result.output
    assert "row 1" in result.stderr and "E103" in result.stderr


def test_exit_3_when_nothing_could_be_read(tmp_path):
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    result = invoke(binary, "--out", tmp_path / "out")
    assert result.exit_code == 3
    assert "E106" in result.stderr
    assert (tmp_path / "out" / "ingest_summary.json").exists()


def test_exit_2_for_usage_errors(tmp_path, export_dir):
    assert invoke(tmp_path / "missing.csv", "--out", tmp_path / "out").exit_code == 2
    assert invoke(export_dir / "export.csv").exit_code == 2  # no --out
    (tmp_path / "afile").write_text("x")
    assert invoke(export_dir / "export.csv", "--out", tmp_path / "afile").exit_code == 2


def test_format_option_overrides_detection(tmp_path):
    path = exports.write_jsonl(tmp_path / "export.data", exports.records())
    result = invoke(path, "--format", "jsonl", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "4 notes written" in result.output


def test_planted_phi_never_reaches_terminal_or_quarantine_reasons(tmp_path):
    """Every kind of bad row carries PHI; only file, row, field and error code may come out."""
    phi_text = "Pt " + " ".join(PHI) + " seen today."
    rows = exports.records()
    bad_date = dict(rows[0], row_id="b1", note_date=f"{PHI[0]} 3/4")   # PHI inside the bad field itself
    no_patient = {k: v for k, v in dict(rows[1], row_id="b2", text=phi_text).items() if k != "patient_id"}
    bad_codes = dict(rows[2], row_id="b3", text=phi_text, codes=[PHI[1]])
    jsonl = exports.write_jsonl(tmp_path / "bad.jsonl", [bad_date, no_patient, bad_codes])
    with open(jsonl, "a") as handle:
        handle.write('{"row_id": "b4", "text": "' + phi_text + '", oops}\n')   # malformed JSON line
        handle.write('{"row_id": "b5", "text": "' + phi_text)                  # cut-off last line
    csv_cut = tmp_path / "cut.csv"
    csv_cut.write_text(f'row_id,patient_id,text\n1,p1,"{phi_text}\n')
    doc = exports.document_reference(dict(rows[0], row_id="b6"),
                                     data=base64.b64encode(phi_text.encode("latin-1")).decode() + "*")
    latin = exports.document_reference(dict(rows[0], row_id="b7"))
    latin["content"][0]["attachment"]["data"] = base64.b64encode("Bartholomew Quixley ñ".encode("utf-16")).decode()
    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps(exports.bundle([doc, latin])))
    out = tmp_path / "out"
    result = invoke(jsonl, csv_cut, bundle, "--out", out)
    assert result.exit_code == 3  # every record here is bad
    reasons = pq.read_table(out / "quarantine.parquet").to_pylist()
    assert len(reasons) == 8
    summary = (out / "ingest_summary.json").read_text()
    for value in PHI + ["3/4"]:
        for where, content in (("stdout", result.output), ("stderr", result.stderr), ("summary", summary),
                               ("reasons", json.dumps(reasons))):
            assert value not in content, f"{value!r} leaked into {where}"
