import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from chartforge.cli import cli


@pytest.fixture(scope="module")
def run_dir(full_index, tmp_path_factory):
    runs = tmp_path_factory.mktemp("cli-runs")
    result = CliRunner().invoke(cli, ["synth", "run", "--notes", "20", "--seed", "3", "--no-retrieval", "--out", str(runs)])
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def test_help_lists_the_commands():
    result = CliRunner().invoke(cli, ["synth", "--help"])
    assert result.exit_code == 0 and all(c in result.output for c in ("run", "eval", "transfer", "show"))


def test_eval_reports_fidelity_and_goals(run_dir, tmp_path):
    out = tmp_path / "report.json"
    result = CliRunner().invoke(cli, ["synth", "eval", run_dir, "--json-out", str(out)])
    report = json.loads(out.read_text())
    assert "label fidelity" in result.output and "goals" in result.output
    # From a clone (no coded data, no reference notes) exactly one goal is missed: 20 notes of the
    # default seed list reach fewer than 1,000 codes; distinct-2 and the probe are not measured.
    assert report["reachable_codes"] < 1000
    assert result.exit_code == 1 and result.output.count("MISSED") == 1
    assert result.output.count("not measured") == 2
    assert report["fidelity_generated"]["notes"] == 20
    assert report["fidelity"]["notes"] == 20 - report["discards"]["count"]  # published notes only
    assert report["fidelity"]["exact"]["f1"] == 1.0  # a note whose labels differ is never published
    assert report["probe"]["missing"].startswith("corpus utility probe skipped: real coded notes")
    assert "corpus utility probe skipped" in result.output
    assert (Path(run_dir) / "eval.png").read_bytes()[:4] == b"\x89PNG"  # the curves beside eval.json


def test_show_summary_and_one_note(run_dir):
    from synth import pipeline

    summary = CliRunner().invoke(cli, ["synth", "show", run_dir])
    assert summary.exit_code == 0 and "published" in summary.output
    one = CliRunner().invoke(cli, ["synth", "show", run_dir, "--note", "0"])
    assert one.exit_code == 0 and "intended:" in one.output
    # lines numbered from 1, as a published record numbers them (contracts.lines)
    shown = pipeline.read_labelled(pipeline.load_run(run_dir))[0]
    numbers = [int(line[:3]) for line in one.output.splitlines() if line[:3].strip().isdigit() and line[3:4] == " "]
    assert numbers[:len(shown["lines"])] == list(range(1, len(shown["lines"]) + 1))
    assert f"  1 {shown['lines'][0]}"[:60] in one.output
    code = shown["icd10cm"][0]  # its evidence, numbered the same way
    assert str([e + 1 for e in code["evidence"]]) in one.output.split(code["code"], 1)[1]
    missing = CliRunner().invoke(cli, ["synth", "show", run_dir, "--note", "nope"])
    assert missing.exit_code == 3


def test_input_and_usage_errors_have_exit_codes(tmp_path):
    bad = tmp_path / "seeds.txt"
    bad.write_text("E11.22\nNOPE\n")
    result = CliRunner().invoke(cli, ["synth", "run", "--notes", "2", "--no-retrieval", "--seed-list", str(bad),
                                      "--out", str(tmp_path)])
    assert result.exit_code == 3 and "line 2" in result.output
    assert CliRunner().invoke(cli, ["synth", "show", str(tmp_path)]).exit_code == 3
    assert CliRunner().invoke(cli, ["synth", "run", "--notes", "0"]).exit_code == 2
