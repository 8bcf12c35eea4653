"""Trainer metrics: gold record outputs vs predicted outputs (definitions in corpus/README.md).

All set metrics are micro-averaged over records: true positives, false positives and false
negatives are summed over every record, then precision/recall/F1 computed once. A record
without a prediction counts as an empty prediction.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus.codes import CodeLookup, normalize_cpt, normalize_icd
from corpus.predictions import parse_output

# ICD granularity levels: characters of the dotless code compared.
LEVELS = {"category": 3, "subcategory": 4, "exact": None}


@dataclass
class SetScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set, gold: set) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    def report(self) -> dict:
        """P/R/F1; None when there was nothing to score (no gold and no prediction)."""
        if self.tp + self.fp + self.fn == 0:
            return {"precision": None, "recall": None, "f1": None, "tp": 0, "fp": 0, "fn": 0}
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1, "tp": self.tp, "fp": self.fp, "fn": self.fn}


def _truncate(code: str, chars: int | None) -> str:
    dotless = code.replace(".", "")
    return code if chars is None else dotless[:chars]


def _by_code(labels, normalize) -> dict[str, set[int]]:
    """Labels keyed by normalized code; a code listed twice merges its evidence."""
    merged: dict[str, set[int]] = {}
    for label in labels:
        merged.setdefault(normalize(label["code"]), set()).update(label.get("evidence") or [])
    return merged


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def evaluate(gold: dict[str, dict], predictions: dict[str, object], lookup: CodeLookup) -> dict:
    """``gold``: record id -> output dict; ``predictions``: record id -> raw output."""
    levels = {level: SetScore() for level in LEVELS}
    with_evidence, cpt = SetScore(), SetScore()
    jaccards: list[float] = []
    predicted_icd = invalid_icd = no_valid = malformed = missing = 0
    evidence_records = violation_pairs = violation_records = 0
    for record_id, gold_output in gold.items():
        if record_id in predictions:
            predicted, well_formed = parse_output(predictions[record_id])
            malformed += not well_formed
        else:
            predicted, _ = parse_output({})
            missing += 1
        gold_icd = _by_code(gold_output["icd10cm"], normalize_icd)
        pred_icd = _by_code(predicted["icd10cm"], normalize_icd)
        for level, chars in LEVELS.items():
            levels[level].add({_truncate(c, chars) for c in pred_icd}, {_truncate(c, chars) for c in gold_icd})

        valid = [c for c in pred_icd if lookup.icd_description(c) is not None]
        predicted_icd += len(pred_icd)
        invalid_icd += len(pred_icd) - len(valid)
        no_valid += not valid

        # Evidence metrics only where every gold code cites evidence (synthetic notes):
        # export codes of real notes carry none, and must not count as evidence misses.
        if gold_icd and all(gold_icd.values()):
            evidence_records += 1
            hits = {c for c in pred_icd if c in gold_icd and pred_icd[c] & gold_icd[c]}
            with_evidence.tp += len(hits)
            with_evidence.fp += len(pred_icd) - len(hits)
            with_evidence.fn += len(gold_icd) - len(hits)
        jaccards += [jaccard(pred_icd[c], gold_icd[c]) for c in pred_icd if gold_icd.get(c)]

        pred_cpt = _by_code(predicted["cpt"], normalize_cpt)
        cpt.add(set(pred_cpt), set(_by_code(gold_output["cpt"], normalize_cpt)))
        bundles = lookup.bundles(sorted(pred_cpt))
        violation_pairs += len(bundles)
        violation_records += bool(bundles)

    records = len(gold)
    return {
        "records": records,
        "predicted_records": records - missing,
        "missing_predictions": missing,
        "malformed_predictions": malformed,
        "icd10cm": {level: score.report() for level, score in levels.items()},
        "icd10cm_exact_with_evidence": {**with_evidence.report(), "records": evidence_records},
        "evidence_jaccard": {"mean": sum(jaccards) / len(jaccards) if jaccards else None, "pairs": len(jaccards)},
        "invalid_code_rate": invalid_icd / predicted_icd if predicted_icd else None,
        "predicted_icd_codes": predicted_icd,
        "no_valid_prediction_rate": no_valid / records if records else None,
        "cpt": cpt.report(),
        "ncci_violations": {"pairs": violation_pairs, "records": violation_records,
                            "rate": violation_records / records if records else None},
    }
