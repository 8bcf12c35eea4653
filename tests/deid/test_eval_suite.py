"""deid/eval_suite.py: the suite's figures on hand-made sets with stand-in detectors."""

import re

from deid.eval_suite import EvalSet, _uncovered, evaluate_set, verification_figures
from deid.evaluate import LabelMap
from deid.spans import Span

TEXT = "pt's wife mary called. cabg '94. seen by dr smithers 3/4. levo weaned."


def _gold(text, *pairs):
    spans = []
    for value, label in pairs:
        start = text.index(value)
        spans.append({"start": start, "end": start + len(value), "label": label})
    return spans


class Finds:
    """A stand-in first pass: finds the given strings wherever they occur."""

    def __init__(self, *values):
        self.values = values

    def detect_batch(self, texts, batch_size=None):
        return [[Span(m.start(), m.end(), "NAME") for v in self.values for m in re.finditer(re.escape(v), t)]
                for t in texts]


def test_rows_score_recall_precision_and_false_flags_per_profile():
    records = [{"id": "a", "text": TEXT, "spans": _gold(TEXT, ("mary", "NAME"), ("'94", "YEAR"), ("smithers", "NAME"),
                                                          ("3/4", "DATE"))},
               {"id": "b", "text": "no phi here at all", "spans": []}]
    detector = Finds("mary", "'94", "levo")
    safe = evaluate_set(EvalSet("toy", records), {"ours": detector}, "safe_harbor")[0]
    assert safe["gold_spans"] == 3 and safe["recall"] == round(1 / 3, 4)
    assert safe["false_flags"] == 2                     # "levo", and the year: no PHI under safe_harbor
    assert safe["words"] == 13 + 5 and safe["flags"] == 3 and safe["flags_per_1k_words"] == round(1000 * 3 / 18, 3)
    assert safe["false_flags_per_1k_words"] == round(1000 * 2 / 18, 3)
    assert safe["notes_with_false_flag"] == 1 and safe["notes_with_false_flag_share"] == 0.5
    strict = evaluate_set(EvalSet("toy", records), {"ours": detector}, "strict")[0]
    assert strict["gold_spans"] == 4 and strict["recall"] == 0.5 and strict["false_flags"] == 1
    assert strict["per_category"]["YEAR"] == {"gold": 1, "found": 1, "recall": 1.0}


def test_dont_care_regions_take_flags_out_of_the_false_count():
    text = "In January 2006 the PSA nadir was reached; Topamax was stopped."
    records = [{"id": "c", "text": text, "spans": _gold(text, ("January 2006", "DONT_CARE"))}]
    row = evaluate_set(EvalSet("case reports", records, has_phi=False), {"ours": Finds("January 2006", "Topamax")})[0]
    assert row["gold_spans"] == 0 and row["flags"] == 2 and row["false_flags"] == 1
    assert row["dont_care_flags"] == 1 and row["dont_care_flags_per_1k_words"] == round(1000 / len(text.split()), 3)


def test_uncovered_parts():
    assert _uncovered(0, 10, [(2, 4), (6, 12)]) == [(0, 2), (4, 6)]
    assert _uncovered(5, 8, [(0, 3)]) == [(5, 8)]
    assert _uncovered(5, 8, [(4, 9)]) == []


class FlagsWords:
    """A stand-in verifier: flags every word in ``words``."""

    def __init__(self, *words):
        self.words = words

    def detect_batch(self, texts, batch_size=None):
        return [[Span(m.start(), m.end(), "NAME") for w in self.words for m in re.finditer(rf"\b{w}\b", t)]
                for t in texts]


def test_verification_flags_on_residual_phi_are_real_others_are_false_alarms():
    records = [{"id": "a", "text": TEXT, "spans": _gold(TEXT, ("mary", "NAME"), ("smithers", "NAME"))},
               {"id": "b", "text": "levo weaned, ho aware", "spans": []}]
    # the first pass found "mary" only: "smithers" is residual PHI in the de-identified text
    predicted = {"a": {"spans": [Span(10, 14, "NAME").to_json()]}, "b": {"spans": []}}
    figures = verification_figures(records, predicted, FlagsWords("smithers", "levo"), LabelMap.named(None))
    # "levo" in both notes is a false alarm; "smithers" is the residual name
    assert figures["flags"] == 3 and figures["real_phi"] == 1 and figures["real_phi_share"] == round(1 / 3, 4)
    assert figures["notes_flagged"] == 2 and figures["notes_flagged_share"] == 1.0
    assert figures["residual_gold_spans"] == 1 and figures["residual_regions_caught"] == 1


def test_verification_flags_on_uncovered_dont_care_regions_are_counted_apart():
    text = "Seen in Madrid in January 2006; levo weaned."
    records = [{"id": "c", "text": text, "spans": _gold(text, ("Madrid", "DONT_CARE"), ("January 2006", "DONT_CARE"))}]
    start = text.index("January")
    predicted = {"c": {"spans": [Span(start, start + len("January 2006"), "DATE").to_json()]}}  # Madrid left
    figures = verification_figures(records, predicted, FlagsWords("Madrid", "levo"), LabelMap.named(None))
    assert figures["flags"] == 2 and figures["real_phi"] == 0 and figures["on_dont_care"] == 1
