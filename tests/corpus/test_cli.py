"""`chartforge corpus ...` end to end on a small batch and run."""

import json

import pytest
from click.testing import CliRunner

from chartforge.cli import cli
from tests.corpus.factories import write_deid_batch


@pytest.fixture
def invoke(tmp_path):
    def run(*args):
        return CliRunner().invoke(cli, ["corpus", *args, "--datasets-dir", str(tmp_path / "datasets")])
    return run


def _oracle_predictions(version_dir, path, split="test"):
    """Predictions equal to the gold outputs of a split (the metric's upper bound)."""
    with open(path, "w") as out:
        for line in (version_dir / f"{split}.jsonl").read_text().splitlines():
            example = json.loads(line)
            out.write(json.dumps({"id": example["id"], "output": example["output"]}) + "\n")


def test_build_show_list_verify(invoke, batch, run):
    result = invoke("build", "--name", "demo", "--deid", str(batch), "--synth", str(run))
    assert result.exit_code == 0, result.output
    assert "built" in result.output
    again = invoke("build", "--name", "demo", "--deid", str(batch), "--synth", str(run))
    assert "already existed" in again.output
    listed = invoke("list")
    assert listed.exit_code == 0 and "demo" in listed.output
    shown = invoke("show", "demo", "--json")
    manifest = json.loads(shown.output)
    assert manifest["name"] == "demo" and manifest["counts"]["records_in"] == 76
    assert invoke("verify", f"demo/{manifest['version'][:6]}").exit_code == 0


def test_eval_reports_perfect_scores_for_gold_predictions(invoke, built, tmp_path):
    pred = tmp_path / "pred.jsonl"
    _oracle_predictions(built.path, pred)
    report_path = tmp_path / "report.json"
    result = invoke("eval", "--version", "demo", "--pred", str(pred), "--json", "--report", str(report_path))
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report == json.loads(report_path.read_text())
    assert report["dataset"]["split"] == "test" and report["records"] > 0
    assert report["icd10cm"]["exact"]["f1"] == 1.0 and report["missing_predictions"] == 0
    table = invoke("eval", "--version", f"demo/{built.version}", "--pred", str(pred))
    assert table.exit_code == 0 and "ICD exact" in table.output


def test_eval_rejects_a_broken_pred_file_with_exit_3(invoke, built, tmp_path):
    pred = tmp_path / "pred.jsonl"
    pred.write_text("oops\n")
    result = invoke("eval", "--version", "demo", "--pred", str(pred))
    assert result.exit_code == 3 and "E606" in result.output and "line 1" in result.output


def test_unknown_version_and_bad_name(invoke, built):
    assert invoke("show", "demo/ffff").exit_code == 3
    assert invoke("build", "--name", "../x", "--synth", "whatever").exit_code == 2  # checked before inputs


def test_diff_shows_added_records_and_input_change(invoke, batch, tmp_path):
    assert invoke("build", "--name", "d", "--deid", str(batch)).exit_code == 0
    first = json.loads(invoke("show", "d", "--json").output)["version"]
    # New patients with notes unlike the first batch's (so no near-duplicate removal).
    texts = [f"Fracture of the left radius number {i} after a fall from a ladder in {year}.\nCast applied."
             for i, year in enumerate(("spring", "summer", "winter"))]
    extra = write_deid_batch(tmp_path / "batches", "b2", ["Q1", "Q2", "Q3"], texts=texts,
                             codes=[["ICD10CM:S52.502A"]] * 3, note_prefix="m")
    assert invoke("build", "--name", "d", "--deid", str(batch), "--deid", str(extra)).exit_code == 0
    (second,) = [p.name for p in (tmp_path / "datasets" / "d").iterdir() if p.name != first]
    result = invoke("diff", f"d/{first}", f"d/{second}", "--json")
    assert result.exit_code == 0, result.output
    diff = json.loads(result.output)
    assert diff["removed"] == [] and diff["moved_split"] == [] and diff["relabelled"] == []
    assert diff["added"] == ["deid-mb20000", "deid-mb20001", "deid-mb20002"]
    assert diff["config"]["inputs"] == {"old": ["b1"], "new": ["b1", "b2"]}
    assert sum(row["delta"] for key, row in diff["counts"].items() if key.endswith(".total")) == 3
    table = invoke("diff", f"d/{first}", f"d/{second}")
    assert table.exit_code == 0 and "added: 3" in table.output


def test_build_output_manifest_and_card_never_carry_note_text_or_pseudonyms(invoke, tmp_path):
    planted = "Jonathan Marbleton called from 555-867-5309"
    texts = [f"{planted}.\nAssessment: essential hypertension {i}." for i in range(4)]
    batch = write_deid_batch(tmp_path / "batches", "phi", ["PSEUDO-7731", "PSEUDO-7731", "PSEUDO-8842", "PSEUDO-9953"],
                             texts=texts, codes=[["ICD10CM:I10"]] * 4)
    result = invoke("build", "--name", "p", "--deid", str(batch))
    assert result.exit_code == 0, result.output
    (version,) = (tmp_path / "datasets" / "p").iterdir()
    for text in (result.output, (version / "manifest.json").read_text(), (version / "README.md").read_text(),
                 invoke("show", "p", "--json").output, invoke("list").output):
        assert "Marbleton" not in text and "555-867-5309" not in text and "PSEUDO-" not in text
    published = "".join(p.read_text() for p in version.glob("*.jsonl"))
    assert "PSEUDO-" not in published  # the split group is published only as a hash
