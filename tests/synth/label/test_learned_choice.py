"""The learned coder's decision rules: real text follows its coders, synthetic notes the guidelines."""

from synth.label import context
from synth.label.labeller import learned_choice
from synth.label.proposals import Proposal

LINES = ["No history of hematuria.", "Disorder of kidney and ureter.", "Other disorder of kidney."]


def _p(code, line, status):
    return Proposal(code, line, status, "retrieval", "piece", 0, 0.9, 0.9, 0.9, 2, 0.5)


def _codes(selection):
    return {c["code"] for c in selection.icd10cm}


FOUND = [_p("R31.9", 0, context.NEGATED), _p("N28.9", 1, context.AFFIRMED), _p("N28.89", 2, context.AFFIRMED),
         _p("R52", 2, context.NEGATED)]


def test_real_text_lets_the_model_code_a_negated_finding_and_keeps_both_codes_of_a_category():
    scored = {"R31.9": 0.8, "N28.9": 0.6, "N28.89": 0.7, "R52": 0.1}
    chosen = learned_choice(LINES, scored, FOUND, threshold=0.35, discard=False)
    assert _codes(chosen) == {"R31.9", "N28.9", "N28.89"}  # R52: negated and below the threshold
    evidence = {c["code"]: c["evidence"] for c in chosen.icd10cm}
    assert evidence["R31.9"] == [0] and evidence["N28.9"] == [1]


def test_synthetic_notes_keep_the_guideline_rules():
    scored = {"R31.9": 0.8, "N28.9": 0.6, "N28.89": 0.7, "R52": 0.1}
    chosen = learned_choice(LINES, scored, FOUND, threshold=0.35, discard=True)
    assert _codes(chosen) == {"N28.89"}  # negated never coded; N28.9 superseded by N28.89
    assert any("superseded" in note for note in chosen.notes)


def test_below_the_threshold_nothing_negated_is_coded_in_real_text():
    scored = {"R31.9": 0.2, "N28.9": 0.6}
    chosen = learned_choice(LINES, scored, FOUND[:2], threshold=0.35, discard=False)
    assert _codes(chosen) == {"N28.9"}
