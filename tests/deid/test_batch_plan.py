"""deid.batch_plan: the batch id moves with inputs, key and detectors, and with nothing else."""

from __future__ import annotations

import json

import pytest

from chartforge.config import load_config
from deid import batch_plan


@pytest.fixture
def setup(tmp_path, monkeypatch):
    monkeypatch.setenv("CHARTFORGE_DEID_KEY", "test-key-one")
    export = tmp_path / "export.jsonl"
    export.write_text(json.dumps({"source_row_id": "r1", "patient_id": "p1", "text": "seen today"}) + "\n")
    config = load_config(environ={"CHARTFORGE__PATHS__WORK_DIR": str(tmp_path / "work")})
    return export, config, tmp_path


def _plan(export, config, tmp_path):
    return batch_plan.plan_batch([export], "surrogate", batches_dir=tmp_path / "batches", config=config)


def test_same_inputs_same_batch_and_the_plan_records_the_detectors(setup):
    first, again = _plan(*setup), _plan(*setup)
    assert first.batch_id == again.batch_id
    assert first.detector_fingerprint == batch_plan.detector_fingerprint() != ""
    assert batch_plan.load_plan(first.work).detector_fingerprint == first.detector_fingerprint


def test_changed_detectors_or_key_give_a_new_batch(setup, monkeypatch):
    before = _plan(*setup).batch_id
    monkeypatch.setattr(batch_plan, "detector_fingerprint", lambda: "edited-deny-list")
    assert _plan(*setup).batch_id != before
    monkeypatch.undo()
    monkeypatch.setenv("CHARTFORGE_DEID_KEY", "test-key-two")
    assert _plan(*setup).batch_id != before


def test_fingerprint_follows_rule_file_contents(tmp_path):
    for package in batch_plan.DETECTOR_PACKAGES:
        (tmp_path / package / "data").mkdir(parents=True)
        (tmp_path / package / "data" / "rules.yaml").write_text("phrases: [foley]\n")
    (tmp_path / "deid" / "notes.md").write_text("docs do not count\n")
    first = batch_plan.fingerprint_tree(tmp_path)
    (tmp_path / "deid" / "notes.md").write_text("edited docs\n")
    assert batch_plan.fingerprint_tree(tmp_path) == first
    (tmp_path / "deid" / "data" / "rules.yaml").write_text("phrases: [foley, perrla]\n")
    assert batch_plan.fingerprint_tree(tmp_path) != first


def _config_with(tmp_path, **variables):
    return load_config(environ={"CHARTFORGE__PATHS__WORK_DIR": str(tmp_path / "work"), **variables})


@pytest.mark.parametrize("variable, value", [
    ("CHARTFORGE__DEID__FLOW__TASK_RUNNER", "dask"),
    ("CHARTFORGE__DEID__FLOW__DASK_ADDRESS", "tcp://10.0.0.5:8786"),
    ("CHARTFORGE__DEID__FLOW__WORKERS", "7"),
    ("CHARTFORGE__DEID__FLOW__RETRIES", "5"),
    ("CHARTFORGE__DEID__FLOW__RETRY_DELAY_SECONDS", "9"),
    ("CHARTFORGE__DEID__WORKERS", "3"),
])
def test_how_a_batch_runs_is_not_part_of_its_identity(setup, variable, value):
    export, config, tmp_path = setup
    elsewhere = _config_with(tmp_path, **{variable: value})
    assert elsewhere["deid"]["flow"] != config["deid"]["flow"] or elsewhere["deid"] != config["deid"]
    assert batch_plan.config_hash(elsewhere) == batch_plan.config_hash(config)
    assert _plan(export, elsewhere, tmp_path).batch_id == _plan(export, config, tmp_path).batch_id


@pytest.mark.parametrize("variable, value", [
    ("CHARTFORGE__DEID__PROFILE", "strict"),
    ("CHARTFORGE__DEID__FLOW__CHUNK_NOTES", "17"),
    ("CHARTFORGE__DEID__LEARNED_THRESHOLD", "0.5"),
])
def test_what_shapes_the_output_changes_the_batch(setup, variable, value):
    export, config, tmp_path = setup
    assert _plan(export, _config_with(tmp_path, **{variable: value}), tmp_path).batch_id != _plan(*setup).batch_id


def test_the_stages_run_with_the_planned_settings_not_the_process_configuration(setup):
    """Issue 17: settings are passed down. The plan keeps [paths]/[ingest]/[deid]; a stage (here
    ingest, in a Dask worker or a resumed run) reads them back, whatever its process config says."""
    import pyarrow.parquet as pq

    import chartforge.config as config_module
    from deid.pipeline_steps import ingest_stage

    _, _, tmp_path = setup
    export = tmp_path / "site.jsonl"
    export.write_text(json.dumps({"row_id": "r1", "patient_id": "p1", "encounter_id": "e1", "note_type": "progress",
                                  "note_date": "2021-03-04", "text": "seen today", "codes": []}) + "\n")
    planned = load_config(environ={"CHARTFORGE__PATHS__WORK_DIR": str(tmp_path / "work"),
                                   "CHARTFORGE__INGEST__DEFAULT_SOURCE": "site-x",
                                   "CHARTFORGE__DEID__PROFILE": "strict"})
    plan = batch_plan.plan_batch([export], "surrogate", batches_dir=tmp_path / "batches", config=planned)
    previous = config_module._active
    config_module._active = load_config(environ={"CHARTFORGE__INGEST__DEFAULT_SOURCE": "elsewhere"})
    try:
        stage_config = batch_plan.plan_config(plan.work)
        assert stage_config["deid"]["profile"] == "strict" and stage_config["ingest"]["default_source"] == "site-x"
        assert stage_config.settings.deid.flow == planned.settings.deid.flow
        ingest_stage(plan.work_path)
    finally:
        config_module._active = previous
    (note,) = pq.read_table(plan.work_path / "ingest" / "notes.parquet").to_pylist()
    assert note["source"] == "site-x"
