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
    assert exact["fp"] == 0
    assert abs(exact["f1"] - _expected_exact_f1(built.path)) < 1e-9


def _expected_exact_f1(version, split: str = "train") -> float:
    """Micro F1 of "I10 wherever a line says hypertension", counted from the records
    themselves (not through corpus.evaluation), so the scorer is checked, not echoed."""
    from corpus.lines import parse_numbered

    tp = fp = fn = 0
    for line in (version / f"{split}.jsonl").read_text().splitlines():
        record = json.loads(line)
        gold = {c["code"] for c in json.loads(record["output"])["icd10cm"]}
        predicted = {"I10"} if any("hypertension" in text.lower() for text in parse_numbered(record["input"])) else set()
        tp += len(predicted & gold)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
    assert tp and fn  # the fixture has both: the figure is neither 0 nor 1
    return 2 * tp / (2 * tp + fp + fn)


class FakeRetriever:
    """Top candidate per line: I10 (dense 0.95) for hypertension lines, else R69 (dense 0.5)."""

    def retrieve(self, lines, k):
        from codebooks.retrieval import Candidate

        return [[Candidate("I10", "Essential (primary) hypertension", 0.9, 0.95, 1.0)] if "hypertension" in line
                else [Candidate("R69", "Illness, unspecified", 0.9, 0.5, 1.0)] for line in lines]


def test_retrieval_only_codes_confident_lines_with_record_numbering():
    from corpus.baseline import RetrievalOnlyLabeller

    labeller = RetrievalOnlyLabeller(FakeRetriever(), min_dense=0.88, max_codes=5)
    (output, empty) = labeller.label_many([["Chief complaint", "", "hypertension", "vitals", "hypertension again"],
                                           ["nothing here", ""]])
    assert output["icd10cm"] == [{"code": "I10", "description": "Essential (primary) hypertension",
                                  "confidence": 0.95, "evidence": [3, 5]}]
    assert empty["icd10cm"] == [] and empty["cpt"] == []
    lenient = RetrievalOnlyLabeller(FakeRetriever(), min_dense=0.4, max_codes=1).label_many([["x", "hypertension"]])
    assert [label["code"] for label in lenient[0]["icd10cm"]] == ["I10"]  # the cap keeps the most confident


def test_retrieval_only_baseline_scores_its_exact_f1(built, tmp_path):
    from corpus.baseline import RetrievalOnlyLabeller

    pred = tmp_path / "retrieval.jsonl"
    run_baseline(built.path, "train", RetrievalOnlyLabeller(FakeRetriever(), 0.88, 8), pred)
    report = evaluate_version(built.path, pred, "train")
    assert report["missing_predictions"] == 0
    # the retriever offers I10 (dense .95) on hypertension lines and R69 (dense .5, below .88) elsewhere
    assert abs(report["icd10cm"]["exact"]["f1"] - _expected_exact_f1(built.path)) < 1e-9
