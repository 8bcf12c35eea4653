"""The baseline writes a PRED file that eval reads, with evidence mapped to record numbering."""

import json
from types import SimpleNamespace

from corpus.baseline import SynthLabeller, run_baseline
from corpus.evaluation import evaluate_version


class FakeSynthLabeller:
    """Mimics synth's Labeller contract: blank lines dropped, evidence = 0-based index."""

    def label_many(self, texts):
        results = []
        for text in texts:
            lines = [line.strip() for line in text.split("\n") if line.strip()]
            icd = [{"code": "I10", "description": "", "confidence": 0.8, "evidence": [i]}
                   for i, line in enumerate(lines) if "hypertension" in line.lower()][:1]
            results.append(SimpleNamespace(icd10cm=icd, cpt=[], notes=[]))
        return results


def test_synth_evidence_is_mapped_past_blank_lines():
    (output,) = SynthLabeller(FakeSynthLabeller()).label_many([["Chief complaint", "", "Essential hypertension."]])
    assert output["icd10cm"][0]["evidence"] == [3]  # synth index 1 = the second non-blank line = line 3


def test_baseline_predictions_are_scored_by_eval(built, tmp_path):
    pred = tmp_path / "baseline.jsonl"
    count = run_baseline(built.path, "train", SynthLabeller(FakeSynthLabeller()), pred)
    lines = [json.loads(line) for line in pred.read_text().splitlines()]
    assert count == len(lines) > 0
    report = evaluate_version(built.path, pred, "train")
    assert report["missing_predictions"] == 0 and report["ignored_predictions"] == 0
    # It predicts I10 wherever hypertension is written: right there, wrong elsewhere.
    exact = report["icd10cm"]["exact"]
    assert 0.0 < exact["f1"] < 1.0 and exact["fp"] == 0
