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


@pytest.fixture
def probe_files(tmp_path):
    from tests.corpus.factories import PROBE_CONDITIONS, probe_rows, write_coded_notes, write_synth_run

    run = write_synth_run(tmp_path / "runs", "probe-run", [], rows=probe_rows(80))
    real = write_coded_notes(tmp_path / "real.jsonl", [("Known hypertension and asthma.", ["I10", "J45.909"]),
                                                       ("Diabetes.", ["E11.9"])])
    train = write_coded_notes(tmp_path / "real_train.jsonl", [
        (f"Patient with {PROBE_CONDITIONS[c]}, case {i}.", [c]) for i, c in enumerate(sorted(PROBE_CONDITIONS) * 5)])
    return run, real, train


def test_probe_prints_both_probes_and_the_ratio(invoke, probe_files, tmp_path, monkeypatch):
    monkeypatch.setenv("CHARTFORGE__CORPUS__PROBE__CACHE_DIR", str(tmp_path / "cache"))
    run, real, train = probe_files
    assert invoke("build", "--name", "p", "--synth", str(run)).exit_code == 0
    table = invoke("probe", "--version", "p", "--real", str(real), "--real-train", str(train))
    assert table.exit_code == 0, table.output
    assert "ratio (corpus-trained / real-trained micro-F1)" in table.output and "real notes" in table.output
    result = invoke("probe", "--version", "p", "--real", str(real), "--real-train", str(train), "--json",
                    "--report", str(tmp_path / "probe.json"))
    summary, full = json.loads(result.output), json.loads((tmp_path / "probe.json").read_text())
    assert summary["ratio"] == full["ratio"] and summary["real"]["documents"] == 2
    assert "label_space" in full["corpus"] and "label_space" not in summary["corpus"]


def test_probe_without_real_notes_says_so_in_one_line(invoke, probe_files, tmp_path, monkeypatch):
    run, real, _ = probe_files
    assert invoke("build", "--name", "p", "--synth", str(run)).exit_code == 0
    monkeypatch.setenv("CHARTFORGE__CORPUS__PROBE__REAL", str(tmp_path / "no-codiesp" / "dev.jsonl"))
    monkeypatch.setenv("CHARTFORGE__CORPUS__PROBE__REAL_TRAIN", str(tmp_path / "no-codiesp" / "train.jsonl"))
    missing = invoke("probe", "--version", "p")
    assert missing.exit_code == 3
    assert missing.output.strip().splitlines() == [
        f"error: no real coded notes to score on: {tmp_path / 'no-codiesp' / 'dev.jsonl'} not found (give --real FILE)"]
    # a clone with nothing beside it: --real given, the default training notes absent
    alone = invoke("probe", "--version", "p", "--real", str(real))
    assert alone.exit_code == 0, alone.output
    assert f"real-trained reference skipped: {tmp_path / 'no-codiesp' / 'train.jsonl'} not found" in alone.output
    assert "ratio" not in alone.output.split("real-trained reference skipped")[0].split("\n")[-1]


def test_build_with_probe_puts_it_in_the_manifest_card_and_eval(invoke, probe_files, tmp_path, monkeypatch):
    run, real, train = probe_files
    monkeypatch.setenv("CHARTFORGE__CORPUS__PROBE__REAL", str(real))
    monkeypatch.setenv("CHARTFORGE__CORPUS__PROBE__REAL_TRAIN", str(train))
    monkeypatch.setenv("CHARTFORGE__CORPUS__PROBE__CACHE_DIR", str(tmp_path / "cache"))
    built = invoke("build", "--name", "p", "--synth", str(run), "--probe")
    assert built.exit_code == 0, built.output and "corpus utility probe on 2 real notes" in built.output
    manifest = json.loads(invoke("show", "p", "--json").output)
    probe = manifest["probe"]
    assert probe["real"]["documents"] == 2 and set(probe["ratio"]) == {"exact", "category"}
    version_dir = tmp_path / "datasets" / "p" / manifest["version"]
    card = (version_dir / "README.md").read_text()
    assert "## What a coder learns from it (corpus utility probe)" in card
    assert f"| this corpus | {probe['corpus']['exact']['f1']:.3f} | {probe['corpus']['category']['f1']:.3f} |" in card
    pred = tmp_path / "pred.jsonl"
    _oracle_predictions(version_dir, pred, "train")
    report = json.loads(invoke("eval", "--version", "p", "--pred", str(pred), "--split", "train", "--json").output)
    assert report["corpus_probe"] == probe
    assert "corpus utility probe on 2 real notes" in invoke("eval", "--version", "p", "--pred", str(pred),
                                                            "--split", "train").output


def test_build_with_probe_but_no_real_notes_builds_and_the_card_says_why(invoke, probe_files, tmp_path, monkeypatch):
    run, _, _ = probe_files
    monkeypatch.setenv("CHARTFORGE__CORPUS__PROBE__REAL", str(tmp_path / "absent.jsonl"))
    built = invoke("build", "--name", "p", "--synth", str(run), "--probe")
    assert built.exit_code == 0, built.output
    manifest = json.loads(invoke("show", "p", "--json").output)
    reason = f"corpus utility probe skipped: real coded notes {tmp_path / 'absent.jsonl'} not found ([corpus.probe] real)"
    assert manifest["probe"] == {"missing": reason}
    card = (tmp_path / "datasets" / "p" / manifest["version"] / "README.md").read_text()
    assert f"Not measured: {reason}" in card


def test_build_without_probe_leaves_it_out(invoke, built, tmp_path):
    manifest = json.loads(invoke("show", "demo", "--json").output)
    assert "probe" not in manifest
    card = (built.path / "README.md").read_text()
    assert f"Not measured at build (`chartforge corpus probe --version demo/{built.version} --real FILE`" in card
