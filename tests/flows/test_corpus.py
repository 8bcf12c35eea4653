"""The Prefect flow `corpus` (via `chartforge corpus build --flow`) only orchestrates
build_corpus, and its flow-run id lands in the manifest."""

import json

import pytest
from click.testing import CliRunner

from chartforge.cli import cli
from tests.corpus.factories import write_deid_batch, write_synth_run


@pytest.mark.slow
def test_build_through_the_corpus_flow_records_its_run_id(tmp_path):
    batch = write_deid_batch(tmp_path / "batches", "b1", ["P1", "P2", "P3"])
    run = write_synth_run(tmp_path / "runs", "r1", ["g1", "g2"])
    root = tmp_path / "datasets"
    result = CliRunner().invoke(cli, ["corpus", "build", "--flow", "--name", "f", "--deid", str(batch),
                                      "--synth", str(run), "--datasets-dir", str(root)])
    assert result.exit_code == 0, result.output
    (version,) = (root / "f").iterdir()
    manifest = json.loads((version / "manifest.json").read_text())
    assert manifest["flow_run_ids"]["corpus"]  # the flow's own run id
    assert manifest["counts"]["records_in"] == 5
