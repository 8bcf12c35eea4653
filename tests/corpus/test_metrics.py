"""Trainer metrics on hand-computed examples (numbers worked out in the comments)."""

import json

import pytest

from corpus.metrics import evaluate, jaccard
from corpus.codes import get_lookup


def _label(code, evidence=()):
    return {"code": code, "description": "", "confidence": 1.0, "evidence": list(evidence)}


GOLD = {
    "r1": {"icd10cm": [_label("E11.22", [2]), _label("I10", [3])], "cpt": [_label("47563", [4])], "notes": []},
    "r2": {"icd10cm": [_label("J45.901", [1]), _label("R05.9", [2])], "cpt": [], "notes": []},
}


@pytest.fixture(scope="module")
def lookup():
    return get_lookup()  # the codebooks' ICD-10-CM, demo catalog and demo NCCI edits


def test_perfect_prediction_scores_one(lookup):
    report = evaluate(GOLD, {rid: json.dumps(out) for rid, out in GOLD.items()}, lookup)
    for level in ("category", "subcategory", "exact"):
        assert report["icd10cm"][level]["f1"] == 1.0
    assert report["icd10cm_exact_with_evidence"]["f1"] == 1.0
    assert report["evidence_jaccard"] == {"mean": 1.0, "pairs": 4}
    assert report["cpt"]["f1"] == 1.0
    assert report["invalid_code_rate"] == 0.0 and report["no_valid_prediction_rate"] == 0.0
    assert report["ncci_violations"]["pairs"] == 0


def test_empty_and_missing_predictions_score_zero(lookup):
    report = evaluate(GOLD, {"r1": {"icd10cm": [], "cpt": [], "notes": []}}, lookup)  # r2 missing
    assert report["missing_predictions"] == 1
    assert report["icd10cm"]["exact"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 4}
    assert report["cpt"]["f1"] == 0.0
    assert report["no_valid_prediction_rate"] == 1.0
    assert report["invalid_code_rate"] is None  # no code predicted: a rate of nothing
    assert report["evidence_jaccard"] == {"mean": None, "pairs": 0}


def test_partial_prediction_matches_hand_computed_numbers(lookup):
    predictions = {
        # r1: E11.21 shares subcategory E11.2 with E11.22; I10 right with evidence {3,4} vs {3};
        # Q99.99X does not exist; 74300 is bundled into 47563 (an NCCI violation).
        "r1": {"icd10cm": [_label("E11.21", [2]), _label("I10", [3, 4]), _label("Q99.99X")],
               "cpt": [_label("47563", [4]), _label("74300", [4])], "notes": []},
        # r2: J45.909 shares subcategory J45.9 with J45.901; R05.9 right code, wrong line.
        "r2": json.dumps({"icd10cm": [_label("J45.909", [1]), _label("R05.9", [3])], "cpt": []}),
    }
    report = evaluate(GOLD, predictions, lookup)
    exact = report["icd10cm"]["exact"]  # tp I10, R05.9; fp E11.21, Q99.99X, J45.909; fn E11.22, J45.901
    assert (exact["tp"], exact["fp"], exact["fn"]) == (2, 3, 2)
    assert exact["precision"] == pytest.approx(0.4) and exact["recall"] == pytest.approx(0.5)
    assert exact["f1"] == pytest.approx(4 / 9)
    for level in ("subcategory", "category"):  # E112 I10 Q999|Q99 J459 R059: only the Q code misses
        score = report["icd10cm"][level]
        assert (score["tp"], score["fp"], score["fn"]) == (4, 1, 0)
        assert score["f1"] == pytest.approx(8 / 9)
    evidence = report["icd10cm_exact_with_evidence"]  # only I10 matches code and shares a line
    assert (evidence["tp"], evidence["fp"], evidence["fn"], evidence["records"]) == (1, 4, 3, 2)
    assert evidence["f1"] == pytest.approx(2 * 0.2 * 0.25 / 0.45)
    assert report["evidence_jaccard"]["mean"] == pytest.approx((0.5 + 0.0) / 2)  # I10 1/2, R05.9 0
    assert report["invalid_code_rate"] == pytest.approx(1 / 5)
    assert report["no_valid_prediction_rate"] == 0.0
    assert (report["cpt"]["tp"], report["cpt"]["fp"], report["cpt"]["fn"]) == (1, 1, 0)
    assert report["cpt"]["f1"] == pytest.approx(2 / 3)
    assert report["ncci_violations"] == {"pairs": 1, "records": 1, "rate": 0.5}


def test_only_invalid_codes_and_malformed_output_count_as_no_valid_prediction(lookup):
    report = evaluate(GOLD, {"r1": {"icd10cm": [_label("ZZZ.9")], "cpt": []}, "r2": "{not json"}, lookup)
    assert report["malformed_predictions"] == 1
    assert report["no_valid_prediction_rate"] == 1.0
    assert report["invalid_code_rate"] == 1.0


def test_gold_without_evidence_is_left_out_of_evidence_metrics(lookup):
    gold = {"real": {"icd10cm": [_label("I10")], "cpt": [], "notes": []}}  # export codes: no evidence
    report = evaluate(gold, {"real": {"icd10cm": [_label("I10", [1])], "cpt": []}}, lookup)
    assert report["icd10cm"]["exact"]["f1"] == 1.0
    assert report["icd10cm_exact_with_evidence"]["records"] == 0
    assert report["icd10cm_exact_with_evidence"]["f1"] is None
    assert report["evidence_jaccard"]["pairs"] == 0


def test_jaccard():
    assert jaccard({1, 2}, {2, 3}) == pytest.approx(1 / 3)
    assert jaccard(set(), set()) == 1.0
