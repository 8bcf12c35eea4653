from __future__ import annotations

import json

from click.testing import CliRunner

from chartforge.cli import cli


def test_demo_data_writes_chosen_formats_and_prints_counts_never_phi(tmp_path):
    out = tmp_path / "export"
    result = CliRunner().invoke(cli, ["demo-data", "--patients", "3", "--seed", "5", "--out", str(out),
                                      "--formats", "jsonl,parquet"])
    assert result.exit_code == 0, result.output
    assert (out / "export.jsonl").is_file() and (out / "export.parquet").is_file()
    assert not (out / "export.csv").exists() and not (out / "fhir").exists()
    assert (out / "gold" / "gold.jsonl").is_file() and (out / "README.md").is_file()
    assert "Gold PHI spans per label" in result.output and "notes/s" in result.output
    values = json.loads((out / "gold" / "phi_values.json").read_text(encoding="utf-8"))
    leaked = [v for group in values.values() for v in group if len(v) >= 5 and v in result.output]
    assert not leaked


def test_demo_data_rejects_unknown_formats_with_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["demo-data", "--patients", "1", "--out", str(tmp_path / "x"),
                                      "--formats", "jsonl,xml"])
    assert result.exit_code == 2
    assert not (tmp_path / "x").exists()


def test_demo_data_refuses_an_out_path_that_is_a_file(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = CliRunner().invoke(cli, ["demo-data", "--patients", "1", "--out", str(target)])
    assert result.exit_code == 2


def test_demo_data_takes_defaults_from_the_demodata_config_section(tmp_path):
    out = tmp_path / "export"
    env = {"CHARTFORGE__DEMODATA__PATIENTS": "2", "CHARTFORGE__DEMODATA__FORMATS": '["jsonl"]'}
    result = CliRunner().invoke(cli, ["demo-data", "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {"export.jsonl", "gold", "README.md"}
    patients = {line.split('"patient_id": "')[1].split('"')[0] for line in (out / "export.jsonl").open()}
    assert len(patients) == 2
