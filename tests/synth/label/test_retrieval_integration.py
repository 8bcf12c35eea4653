"""The labeller against codebooks' real Retriever on a tiny index (contracts §4)."""

import pytest

from synth.label.labeller import Labeller


@pytest.mark.slow
def test_candidates_come_from_the_retriever_and_raise_confidence(tiny_retriever, small_index):
    labeller = Labeller(small_index, retriever=tiny_retriever, k=5)
    result = labeller.label("Assessment:\n1. Chronic diastolic heart failure, compensated.\nDenies chest pain.")
    assert len(result.candidates) == 3 and all(len(c) <= 5 for c in result.candidates)
    top = [c["code"] for c in result.candidates[1]]
    assert "I50.32" in top[:3]
    codes = {c["code"]: c for c in result.icd10cm}
    assert set(codes) == {"I50.32"} and codes["I50.32"]["confidence"] > 0.9


@pytest.mark.slow
def test_retrieval_fallback_codes_a_line_no_term_matched(tiny_retriever, small_index):
    strict = Labeller(small_index, retriever=tiny_retriever, min_score=1.0, min_lexical=1.0)
    loose = Labeller(small_index, retriever=tiny_retriever, min_score=0.3, min_lexical=0.3)
    line = "Gallstones in the gallbladder on ultrasound, no cholecystitis."
    assert strict.label(line).icd10cm == []
    coded = loose.label(line).icd10cm
    assert coded and coded[0]["code"].startswith("K80") and coded[0]["evidence"] == [0]
