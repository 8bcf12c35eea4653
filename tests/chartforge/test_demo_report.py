"""The demo's summary repeats the manifests' numbers (it reads them back, never recomputes)
and its report carries counts and metrics only."""

from __future__ import annotations

import json
from pathlib import Path

from chartforge.demo import StageResult
from chartforge.demo_report import baseline_metrics, collect_summary, key_facts, print_summary, write_html_report


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))


def _demo_output(out: Path) -> None:
    _write(out / "batches" / "b1" / "manifest.json", {
        "reconciliation": {"read": 181, "published": 178, "duplicates": 2, "quarantined": 1, "balanced": True},
        "gold": {"spans": 5000, "missed": 37, "miss_rate": 0.0074, "per_label": {"NAME": {"miss_rate": 0.01}}}})
    _write(out / "batches" / "b1" / "gate.json", {"status": "failed", "reviewed": 16, "findings": 5,
                                                   "upper_bound": 0.5401, "target": 0.005})
    _write(out / "synth" / "s1" / "manifest.json", {"counts": {"generated": 300, "augmented_pairs": 91, "published": 388}})
    _write(out / "datasets" / "demo" / "v1" / "manifest.json", {"counts": {
        "records": 388, "near_duplicates_removed": 3, "per_source": {"deid": 0, "synth": 388},
        "per_split": {"train": {"total": 347}, "validation": {"total": 27}, "test": {"total": 14}}}})
    _write(out / "baseline_eval.json", {
        "records": 14, "dataset": {"split": "test"}, "icd10cm": {"exact": {"f1": 0.4123}, "category": {"f1": 0.61}},
        "cpt": {"f1": None}, "invalid_code_rate": 0.0})


def test_key_facts_repeat_the_manifest_numbers(tmp_path):
    _demo_output(tmp_path)
    facts = dict(key_facts(collect_summary(tmp_path, [StageResult("demo-data", "chartforge demo-data", 0, 1.5)])))
    assert facts["notes read / published / duplicates / quarantined"] == "181 / 178 / 2 / 1"
    assert facts["planted PHI spans missed by detection (miss rate)"] == "37 of 5000 (0.0074)"
    assert facts["residual-PHI gate"] == "failed" and facts["reviewed / with PHI"] == "16 / 5"
    assert facts["synthetic notes generated / published"] == "300 / 388 (with 91 augmented copies)"
    assert facts["dataset records (de-identified / synthetic)"] == "388 (0 / 388)"
    assert facts["train / validation / test"] == "347 / 27 / 14"
    assert facts["baseline ICD-10-CM F1, exact code"] == "0.412"
    assert facts["baseline CPT set F1"] == "n/a"  # no procedures in the split: shown, not invented


def test_key_facts_carry_the_corpus_probe_ratio_or_why_it_is_missing(tmp_path):
    _demo_output(tmp_path)
    manifest_path = tmp_path / "datasets" / "demo" / "v1" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    key = "corpus utility probe (corpus-trained / real-trained F1, exact / category)"
    assert key not in dict(key_facts(collect_summary(tmp_path, [])))
    _write(manifest_path, {**manifest, "probe": {"ratio": {"exact": 0.10364, "category": 0.1127}, "missing": None}})
    assert dict(key_facts(collect_summary(tmp_path, [])))[key] == "0.104 / 0.113"
    reason = "real-trained reference skipped: train.jsonl not found"
    _write(manifest_path, {**manifest, "probe": {"ratio": None, "missing": reason}})
    assert dict(key_facts(collect_summary(tmp_path, [])))[key] == reason


def test_printed_facts_keep_a_setting_name_in_brackets(tmp_path, capsys, monkeypatch):
    """A reason naming its setting ("[corpus.probe] real") is text, not rich markup to swallow."""
    monkeypatch.setenv("COLUMNS", "250")
    _demo_output(tmp_path)
    manifest_path = tmp_path / "datasets" / "demo" / "v1" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    reason = "corpus utility probe skipped: real coded notes dev.jsonl not found ([corpus.probe] real)"
    _write(manifest_path, {**manifest, "probe": {"ratio": None, "missing": reason}})
    print_summary(collect_summary(tmp_path, [StageResult("demo-data [x]", "chartforge demo-data", 0, 1.5)]))
    printed = capsys.readouterr().out
    assert reason in printed and "demo-data [x]" in printed


def test_missing_artifacts_give_fewer_facts_not_a_crash(tmp_path):
    summary = collect_summary(tmp_path, [])
    assert key_facts(summary) == [] and baseline_metrics(summary["baseline_eval"]) == []


def test_html_report_has_the_facts_and_charts(tmp_path):
    _demo_output(tmp_path)
    summary = collect_summary(tmp_path, [StageResult("demo-data", "chartforge demo-data", 0, 1.5)])
    page = write_html_report(tmp_path, summary).read_text()
    assert "347 / 27 / 14" in page and page.count("data:image/png;base64,") >= 2


def _round_batch(out: Path, folder: str, missed: int, lexicon: dict | None, gate: dict) -> dict:
    _write(out / folder / "b" / "manifest.json", {"batch_id": folder, "gold": {"spans": 5088, "missed": missed},
                                                  "site_lexicon": lexicon})
    _write(out / folder / "b" / "gate.json", gate)
    return {"round": int(folder[-1]), "batch_dir": str(out / folder / "b")}


def test_the_summary_sets_round_two_beside_round_one_and_says_whether_real_notes_reached_the_corpus(tmp_path):
    _demo_output(tmp_path)
    failed = {"status": "failed", "reviewed": 177, "findings": 1, "upper_bound": 0.00565, "target": 0.005,
              "reason": "upper bound 0.00565 >= target 0.005 after 177 of 177 sampled records"}
    rounds = [_round_batch(tmp_path, "round1", 1, None, failed),
              _round_batch(tmp_path, "round2", 0, {"entries": 1, "literals": 1, "patterns": 0, "by_label": {"NAME": 1}},
                           {"status": "passed", "reviewed": 177, "findings": 0, "upper_bound": 0.0, "target": 0.005,
                            "reason": "upper bound 0.00000 < target 0.005"})]
    manifest = tmp_path / "datasets" / "demo" / "v1" / "manifest.json"
    data = json.loads(manifest.read_text())
    data["counts"]["per_source"] = {"deid": 177, "synth": 370}
    _write(manifest, data)
    facts = dict(key_facts(collect_summary(tmp_path, [], rounds)))
    assert facts["round 1: planted PHI spans missed by detection"] == "1 of 5088"
    assert facts["round 1: residual-PHI gate"].startswith("failed: 1 of 177 reviewed records held PHI")
    assert facts["round 2: site lexicon applied (entries)"] == "1 (NAME 1)"
    assert facts["round 2: planted PHI spans missed by detection"] == "0 of 5088"
    assert facts["residual-PHI gate"] == "passed"  # the last round's batch is the one offered to the corpus
    assert facts["real notes reached the corpus"] == ("yes: 177 de-identified real notes reached the corpus "
                                                      "(round 2's batch passed the residual-PHI gate)")
    # The same rounds, round 2 failing too: no, and why, in counts.
    _write(Path(rounds[1]["batch_dir"]) / "gate.json", failed)
    data["counts"]["per_source"] = {"deid": 0, "synth": 370}
    _write(manifest, data)
    verdict = dict(key_facts(collect_summary(tmp_path, [], rounds)))["real notes reached the corpus"]
    assert verdict.startswith("no: round 2's batch failed the residual-PHI gate (1 of 177 reviewed records still held PHI;")
    assert verdict.endswith("the corpus holds synthetic notes only")
