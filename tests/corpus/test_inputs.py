"""Only batches that passed the residual-PHI gate enter the corpus (contracts.md §3)."""

import json

import pytest
from click.testing import CliRunner

from chartforge.cli import cli
from chartforge.errors import ChartforgeError
from corpus.build import build_corpus
from corpus.inputs import load_deid_batch, read_rows
from tests.corpus.factories import PASSED_GATE, write_deid_batch

PLANTED = "Jonathan Q. Marbleton, SSN 123-45-6789"


@pytest.mark.parametrize("gate, status", [
    ({**PASSED_GATE, "status": "failed", "findings": 9, "upper_bound": 0.04}, "failed"),
    ({**PASSED_GATE, "status": "pending"}, "pending"),
    (None, "missing gate.json"),
])
def test_a_batch_that_has_not_passed_the_gate_is_refused(tmp_path, gate, status):
    good = write_deid_batch(tmp_path / "batches", "good", ["P1", "P2"])
    bad = write_deid_batch(tmp_path / "batches", "bad", ["P3"], gate=gate)
    with pytest.raises(ChartforgeError) as caught:
        build_corpus("x", [str(good), str(bad)], [], root=tmp_path / "datasets")
    assert caught.value.code == "E301"
    assert "bad" in str(caught.value) and status in str(caught.value)
    assert not (tmp_path / "datasets").exists()  # refused before any work


def test_a_passed_status_contradicted_by_its_bound_is_refused(tmp_path):
    bad = write_deid_batch(tmp_path / "batches", "bad", ["P3"], gate={**PASSED_GATE, "upper_bound": 0.2})
    with pytest.raises(ChartforgeError, match="upper_bound is not below target"):
        load_deid_batch(str(bad))


def test_an_unreadable_gate_is_refused(tmp_path):
    bad = write_deid_batch(tmp_path / "batches", "bad", ["P3"])
    (bad / "gate.json").write_text("{not json")
    with pytest.raises(ChartforgeError, match="unreadable gate.json"):
        load_deid_batch(str(bad))


def test_cli_refuses_a_failed_batch_with_exit_code_1(tmp_path):
    bad = write_deid_batch(tmp_path / "batches", "bad", ["P3"], gate={**PASSED_GATE, "status": "failed"})
    result = CliRunner().invoke(cli, ["corpus", "build", "--name", "x", "--deid", str(bad),
                                      "--datasets-dir", str(tmp_path / "datasets")])
    assert result.exit_code == 1
    assert "E301" in result.output and "status: failed" in result.output


def test_a_gate_copied_from_another_batch_is_refused(tmp_path):
    bad = write_deid_batch(tmp_path / "batches", "b2", ["P3"], gate={**PASSED_GATE, "batch_id": "b1"})
    with pytest.raises(ChartforgeError, match="gate.json is for batch b1"):
        load_deid_batch(str(bad))


def test_optional_gate_evidence_is_kept(tmp_path):
    batch = write_deid_batch(tmp_path / "batches", "b1", ["P3"],
                             gate={**PASSED_GATE, "batch_id": "b1", "sample_size": 598, "method": "clopper-pearson"})
    gate = load_deid_batch(str(batch)).gate
    assert (gate["sample_size"], gate["method"], gate["reviewed"]) == (598, "clopper-pearson", 598)


def test_a_missing_batch_directory_is_an_input_error(tmp_path):
    result = CliRunner().invoke(cli, ["corpus", "build", "--name", "x", "--deid", str(tmp_path / "nope"),
                                      "--datasets-dir", str(tmp_path / "datasets")])
    assert result.exit_code == 3
    assert "E004" in result.output


def test_a_bad_row_is_named_by_file_and_row_without_its_text(tmp_path):
    batch = write_deid_batch(tmp_path / "batches", "b", ["P1", "P2"], texts=[PLANTED, PLANTED])
    import polars as pl

    frame = pl.read_parquet(batch / "notes.parquet").with_columns(
        pl.when(pl.int_range(pl.len()) == 1).then(None).otherwise(pl.col("patient_id")).alias("patient_id"))
    frame.write_parquet(batch / "notes.parquet")
    with pytest.raises(ChartforgeError) as caught:
        read_rows(load_deid_batch(str(batch)))
    message = str(caught.value)
    assert caught.value.code == "E604" and "row 2" in message and "patient_id" in message
    assert "Marbleton" not in message and "123-45-6789" not in message


def test_gate_evidence_is_copied_into_the_manifest(built):
    manifest = json.loads((built.path / "manifest.json").read_text())
    gate = manifest["inputs"]["deid"][0]["gate"]
    assert (gate["reviewed"], gate["findings"], gate["upper_bound"]) == (598, 0, 0.0049)
