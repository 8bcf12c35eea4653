"""chartforge/cli/deid.py: `chartforge deid detect` and `deid eval` through the real CLI entry point."""

import json

from click.testing import CliRunner

from chartforge.cli import cli

PLANTED_NAME = "Marguerite Okafor"


def _write_input(path):
    big = ("Routine. " * 120000) + "Seen by Dr. Zelenka."  # > 1 MB of text
    lines = [
        json.dumps({"id": "n1", "text": f"Pt {PLANTED_NAME} seen 3/4/2021 by Dr. Zelenka.", "patient_id": "p1"}).encode(),
        b"this is not json " + PLANTED_NAME.encode(),
        json.dumps({"id": "n3", "text": ""}).encode(),
        b'{"id": "n4", "text": "caf\xe9 ' + PLANTED_NAME.encode() + b'"}',
        json.dumps({"id": "n5", "text": "ctrl \x00\x01\x1b chars, MRN: 88073531"}).encode(),
        json.dumps({"id": "n6", "text": big}).encode(),
        json.dumps({"id": "n7"}).encode(),
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")


def test_detect_contract_bad_lines_and_no_phi_leak(tmp_path, monkeypatch):
    from tests.deid.detector_fixtures import shared_detector

    detector = shared_detector()  # built before the patch: it constructs the real PhiDetector
    monkeypatch.setattr("deid.detect.PhiDetector", lambda config=None: detector)
    source, out = tmp_path / "notes.jsonl", tmp_path / "spans.jsonl"
    _write_input(source)
    result = CliRunner().invoke(cli, ["deid", "detect", "--input", str(source), "--output", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["n1", None, "n3", None, "n5", "n6", "n7"]
    assert [("error" in r) for r in records] == [False, True, False, True, False, False, True]
    assert all(set(r) >= {"id", "spans"} for r in records)
    assert all(set(s) == {"start", "end", "label", "score", "source"} for r in records for s in r["spans"])
    assert {s["label"] for s in records[0]["spans"]} >= {"NAME", "DATE"} and records[2]["spans"] == []
    assert records[4]["spans"] and records[5]["spans"][-1]["start"] > 1_000_000
    for line in (2, 4, 7):
        assert f"line {line} of notes.jsonl" in result.output
    assert PLANTED_NAME not in result.output
    assert PLANTED_NAME not in out.read_text(encoding="utf-8") and "Zelenka" not in out.read_text(encoding="utf-8")


def test_detect_missing_input_is_an_input_error(tmp_path):
    result = CliRunner().invoke(cli, ["deid", "detect", "--input", str(tmp_path / "none.jsonl"),
                                      "--output", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 3


def test_eval_prints_a_table_writes_json_and_gates_recall(tmp_path):
    gold = tmp_path / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    gold.write_text(json.dumps({"id": "a", "text": "Jo Lee 3/4", "spans": [
        {"start": 0, "end": 6, "label": "NAME"}, {"start": 7, "end": 10, "label": "DATE"}]}) + "\n")
    pred.write_text(json.dumps({"id": "a", "spans": [{"start": 0, "end": 2, "label": "NAME", "score": 1, "source": "t"}]}) + "\n")
    metrics_path = tmp_path / "m.json"
    result = CliRunner().invoke(cli, ["deid", "eval", "--gold", str(gold), "--pred", str(pred), "--json", str(metrics_path)])
    assert result.exit_code == 0, result.output
    assert "any-overlap" in result.output and "Jo Lee" not in result.output
    metrics = json.loads(metrics_path.read_text())
    assert metrics["recall"] == 0.5 and metrics["per_category"]["DATE"]["recall"] == 0.0
    assert metrics["profile"] == "safe_harbor" and "profile: safe_harbor" in result.output
    gated = CliRunner().invoke(cli, ["deid", "eval", "--gold", str(gold), "--pred", str(pred), "--min-recall", "0.9"])
    assert gated.exit_code == 1
    bad_map = CliRunner().invoke(cli, ["deid", "eval", "--gold", str(gold), "--pred", str(pred), "--label-map", "nope"])
    assert bad_map.exit_code == 2


def test_devsets_writes_gold_jsonl_and_a_missing_source_is_one_line(tmp_path):
    out = tmp_path / "sets"
    result = CliRunner().invoke(cli, ["deid", "devsets", "--out", str(out), "--sets", "nursing-dev",
                                      "--nursing-notes", "5"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (out / "nursing-dev.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [f"nursing-1-{i:05d}" for i in range(5)]
    assert all(set(s) >= {"start", "end", "label"} for r in records for s in r["spans"])
    missing = CliRunner().invoke(cli, ["deid", "devsets", "--out", str(out), "--sets", "codiesp",
                                       "--data-dir", str(tmp_path / "no-data")])
    assert missing.exit_code == 3
    assert "skipped codiesp" in missing.output and "E504" in missing.output and "Traceback" not in missing.output
    unknown = CliRunner().invoke(cli, ["deid", "eval", "--suite", "--sets", "nope"])
    assert unknown.exit_code == 2 and "unknown set" in unknown.output


def test_eval_suite_prints_the_table_and_writes_json(tmp_path, monkeypatch):
    from tests.deid.detector_fixtures import shared_detector

    detector = shared_detector()  # built before the patch: it constructs the real PhiDetector
    monkeypatch.setattr("deid.detect.PhiDetector", lambda config=None: detector)
    out = tmp_path / "suite.json"
    result = CliRunner().invoke(cli, ["deid", "eval", "--suite", "--sets", "nursing-dev", "--sample", "4",
                                      "--no-presidio", "--no-verify", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "deid eval --suite, profile safe_harbor" in result.output and "│ LOCATION │" in result.output
    rows = json.loads(out.read_text())["rows"]
    assert [(r["set"], r["contender"], r["notes"]) for r in rows] == [("nursing-dev", "first pass", 4)]
