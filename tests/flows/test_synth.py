"""The Prefect flow `synth` orchestrates the same pipeline functions (small run, no retrieval)."""

import json
from pathlib import Path

import pytest

from chartforge.config import load_config, set_config


@pytest.mark.slow
def test_synth_flow_produces_a_run(tmp_path):
    set_config(load_config(environ={"CHARTFORGE__SYNTH__CODIESP_TRAIN": '""'}))
    try:
        from flows.synth import synth_flow

        result = synth_flow({"notes": 6, "chunk_notes": 3, "runs_dir": str(tmp_path), "retrieval": False})
    finally:
        set_config(load_config())
    out = Path(result["run_dir"])
    assert result["counts"]["generated"] == 6 and (out / "notes.parquet").is_file()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"] == result["counts"]
    assert "text" not in json.dumps(result)  # paths and counts only leave the flow
