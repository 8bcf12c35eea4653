import datetime as dt
import json
import re

import pyarrow.parquet as pq
import pytest

from chartforge.config import load_config, set_config
from chartforge.errors import ChartforgeError
from deid.gold_eval import occurs_outside_surrogates
from flows.deid_inline import run_pipeline
from deid.stage_markers import FAIL_AT_ENV
from deid.surrogates.keys import ENV_KEY

from tests.deid.pipeline_fixtures import PHI, CapitalizedWordVerifier, ListDetector, write_ingest_dir


@pytest.fixture
def setup(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_KEY, "test-key-one")
    monkeypatch.delenv(FAIL_AT_ENV, raising=False)
    set_config(load_config(environ={"CHARTFORGE__PATHS__WORK_DIR": str(tmp_path / "work"),
                                    "CHARTFORGE__DEID__FLOW__CHUNK_NOTES": "2"}))
    yield write_ingest_dir(tmp_path / "ingested"), tmp_path
    set_config(load_config())


def run(source, out, **kw):
    return run_pipeline([source], batches_dir=out, detector=ListDetector(), verifier=CapitalizedWordVerifier(), **kw)


def notes_of(batch_dir):
    return {n["note_id"]: n for n in pq.read_table(f"{batch_dir}/notes.parquet").to_pylist()}


def test_batch_is_deidentified_consistent_and_reconciled(setup):
    source, tmp = setup
    result = run(source, tmp / "batches")
    notes = notes_of(result["batch_dir"])
    assert set(notes) == {"n1", "n2", "n3"}
    for note in notes.values():
        # A fake value may coincide with another patient's real one ("Smith"): only text
        # outside our inserted surrogates counts as a leak.
        assert not [v for v in PHI if occurs_outside_surrogates(note["text"], v, note["surrogates"])]
        for s in note["surrogates"]:  # positions point at inserted values
            assert note["text"][s["start"]:s["end"]].strip()
    n1, n2 = notes["n1"], notes["n2"]
    surname = n1["text"].split()[1]
    assert f"Mr. {surname} improving" in n2["text"]
    assert n1["patient_id"] == n2["patient_id"] != notes["n3"]["patient_id"] and n1["patient_id"].startswith("P")
    d1 = dt.datetime.strptime(re.search(r"\d\d/\d\d/\d{4}", n1["text"]).group(0), "%m/%d/%Y").date()
    d2 = dt.datetime.strptime(re.search(r"\d\d/\d\d/\d{4}", n2["text"]).group(0), "%m/%d/%Y").date()
    assert (d2 - d1).days == 35 and n1["note_date"] == d1  # note_date shifted by the same offset
    mrn1 = re.search(r"MRN (\d+)", n1["text"]).group(1)
    assert mrn1 == re.search(r"MRN (\d+)", notes["n3"]["text"]).group(1) == "00000001"
    assert n1["codes"] == ["ICD10CM:E11.9"] and n1["sections"][0]["end"] == len(n1["text"])

    quarantine = pq.read_table(f"{result['batch_dir']}/quarantine.parquet").to_pylist()
    assert [(q["note_id"], q["stage"], q["reason"]) for q in quarantine] == [("n4", "chunk", "field 'patient_id' missing or empty")]
    manifest_text = open(f"{result['batch_dir']}/manifest.json").read()
    manifest = json.loads(manifest_text)
    assert manifest["reconciliation"]["balanced"] and manifest["stages"]["publish"]["notes"] == 3
    assert manifest["stages"]["surrogate"]["by_label"]["NAME"] == 3
    assert "test-key-one" not in manifest_text and not [v for v in PHI if v in manifest_text]

    flags = pq.read_table(f"{result['batch_dir']}/flags.parquet").to_pylist()
    assert flags == []  # the verifier only hit our own surrogate ("Mr. <fake>")
    assert manifest["stages"]["verify"]["on_surrogates"] == 1


def test_rerun_same_key_identical_other_key_different(setup, monkeypatch):
    source, tmp = setup
    first = run(source, tmp / "batches")
    again = run(source, tmp / "batches")
    assert all(stage["skipped"] for stage in again["stages"].values())
    assert notes_of(again["batch_dir"]) == notes_of(first["batch_dir"])
    monkeypatch.setenv(ENV_KEY, "test-key-two")
    other = run(source, tmp / "batches")
    assert other["batch_id"] != first["batch_id"]
    a, b = notes_of(first["batch_dir"]), notes_of(other["batch_dir"])
    assert a["n1"]["text"] != b["n1"]["text"] and a["n1"]["patient_id"] != b["n1"]["patient_id"]


@pytest.mark.parametrize("stage", ["detect-00001", "surrogate-00000", "review", "publish"])
def test_failure_at_a_stage_then_resume_finishes_without_loss_or_duplicates(setup, monkeypatch, stage):
    source, tmp = setup
    monkeypatch.setenv(FAIL_AT_ENV, stage)
    with pytest.raises(ChartforgeError) as info:
        run(source, tmp / "batches")
    assert info.value.code == "E252"
    monkeypatch.delenv(FAIL_AT_ENV)
    resumed = run(source, tmp / "batches")
    ran = [name for name, marker in resumed["stages"].items() if not marker["skipped"]]
    assert "ingest" not in ran and "chunk" not in ran
    notes = pq.read_table(f"{resumed['batch_dir']}/notes.parquet").to_pylist()
    assert sorted(n["note_id"] for n in notes) == ["n1", "n2", "n3"]
    manifest = json.load(open(f"{resumed['batch_dir']}/manifest.json"))
    assert manifest["reconciliation"]["balanced"]


def test_mask_mode(setup):
    source, tmp = setup
    notes = notes_of(run(source, tmp / "batches", mode="mask")["batch_dir"])
    assert notes["n1"]["text"] == "[NAME] seen [DATE]. MRN [MRN]. Call [PHONE]."


def test_work_area_is_private(setup):
    source, tmp = setup
    work = tmp / "work" / "deid" / run(source, tmp / "batches")["batch_id"]
    dirs = [work, *[p for p in work.rglob("*") if p.is_dir()]]
    assert all(d.stat().st_mode & 0o777 == 0o700 for d in dirs)
    assert not [p.name for p in work.rglob("*") if p.is_file() and p.stat().st_mode & 0o077]
