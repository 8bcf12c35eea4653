from dataclasses import dataclass

from synth.label.labeller import Labeller
from synth.label.procedures import ProcedureMatcher

from tests.synth.label.test_procedures import CATALOG


@dataclass
class FakeCandidate:
    code: str
    description: str
    score: float
    dense: float
    lexical: float


class FakeRetriever:
    """Stands in for codebooks' Retriever (same call and Candidate shape, contracts §4)."""

    def __init__(self):
        self.calls = []

    def retrieve(self, lines, k):
        self.calls.append(list(lines))
        out = []
        for line in lines:
            if "gallstones" in line.lower():
                out.append([FakeCandidate("K80.20", "Calculus of gallbladder", 0.93, 0.9, 0.95)])
            else:
                out.append([FakeCandidate("R07.9", "Chest pain, unspecified", 0.4, 0.5, 0.3)][:k])
        return out


def test_labels_text_with_evidence_candidates_and_procedures(small_index):
    retriever = FakeRetriever()
    labeller = Labeller(small_index, retriever=retriever, procedures=ProcedureMatcher(CATALOG), min_score=0.9, min_lexical=0.9)
    first, second = labeller.label_many([
        "Preoperative Diagnosis: symptomatic gallstones\nProcedure: Laparoscopic removal of the gallbladder\nDenies chest pain.",
        "HPI: hypertension.",
    ])
    assert len(retriever.calls) == 1 and retriever.calls[0][0] == "symptomatic gallstones"  # header stripped, one batch
    assert [c["code"] for c in first.icd10cm] == ["K80.20"]  # retrieval fallback: no term matched the line
    assert first.icd10cm[0]["evidence"] == [0] and first.icd10cm[0]["confidence"] < 0.9
    assert [c["code"] for c in first.cpt] == ["47562"] and first.cpt[0]["evidence"] == [1]
    assert first.candidates[2][0]["code"] == "R07.9"  # kept as an artifact, not coded (negated, low score)
    assert [c["code"] for c in second.icd10cm] == ["I10"]


def test_without_a_retriever_only_term_matches_count(small_index):
    result = Labeller(small_index).label("Symptomatic gallstones.\nHypertension.")
    assert [c["code"] for c in result.icd10cm] == ["I10"] and result.candidates == [[], []]


def test_corpus_adapter_returns_one_based_evidence_on_the_callers_lines(full_index):
    from synth.label.labeller import RetrievalLabeller

    adapter = RetrievalLabeller(retrieval=False)
    output = adapter.label(["Assessment:", "", "1. Hypertension: stable."])
    assert output["icd10cm"][0]["code"] == "I10" and output["icd10cm"][0]["evidence"] == [3]
