import numpy as np

from synth.label import code_features
from synth.label.code_features import FEATURES, Priors
from synth.label.proposals import Proposal


def _p(code, line, status="affirmed", source="retrieval", rank=0, score=0.8, kind="piece", coverage=1.0):
    return Proposal(code, line, status, source, "term" if source == "term" else kind, rank, score, score, score, 2, coverage)


def test_rows_aggregate_a_codes_proposals():
    proposals = [_p("I10", 0, source="term"), _p("I10", 3, rank=1, score=0.7),
                 _p("R52", 1, status="negated", rank=0, score=0.9), _p("R50.9", 1, rank=4, score=0.4),
                 _p("E11.9", 2, rank=2, score=0.5), _p("E11.22", 2, rank=0, score=0.9)]
    sections = ["assessment", "hpi", "hpi", "hpi"]
    priors = Priors.count([({"I10", "R509"}, {"I10", "R52"}), ({"R52"}, {"R52", "E119"})])
    codes, rows = code_features.rows(proposals, sections, 4, priors)
    row = {c: dict(zip(FEATURES, r)) for c, r in zip(codes, rows)}
    assert row["I10"]["term_affirmed"] == 1 and row["I10"]["n_proposals"] == 1 and row["I10"]["n_lines"] == 2
    assert row["I10"]["dx_and_narrative"] == 1  # a problem-list line and a narrative line
    assert row["R52"]["status_negated"] == 1 and row["R52"]["affirmed_share"] == 0
    assert row["R50.9"]["best_rank"] == 4 and row["R50.9"]["symptom"] == 1
    # E11.9 and E11.22 compete in category E11: E11.22 scored 0.4 higher
    assert row["E11.9"]["rank_in_category"] == 1 and np.isclose(row["E11.9"]["score_gap_in_category"], 0.4)
    assert row["E11.22"]["rank_in_category"] == 0 and row["E11.22"]["category_candidates"] == 2
    # priors: I10 coded in 1 of 2 notes, proposed in 1 and coded there; R52 proposed twice, coded once
    assert np.isclose(row["I10"]["prior_coded"], np.log1p(1)) and np.isclose(row["R52"]["prior_proposed"], np.log1p(2))
    base = priors.base  # 2 hits / 4 proposals
    assert base == 0.5 and np.isclose(row["R52"]["prior_precision"], (1 + 2 * 0.5) / (2 + 2))
    assert row["E11.22"]["prior_coded"] == 0


def test_priors_round_trip():
    priors = Priors.count([({"I10"}, {"I10", "R52"})])
    assert Priors.from_dict(priors.as_dict()) == priors


def test_category_priors_say_which_code_of_a_category_coders_pick():
    # E11 reached in both notes, coded (as E11.9) in one; R52 reached in one note, never coded
    priors = Priors.count([({"E119"}, {"E1122", "R52"}), ({"I10"}, {"E119", "I10"})])
    assert priors.category_proposed == {"E11": 2, "R52": 1, "I10": 1}
    assert priors.category_hits == {"E11": 1, "I10": 1}
    assert priors.category_share("E119") > priors.category_share("E1122")
    base = priors.base
    assert priors.category_precision("E11", base) > priors.category_precision("R52", base)
    codes, rows = code_features.rows([_p("E11.22", 0), _p("E11.9", 0, rank=3, score=0.4)], ["hpi"], 1, priors)
    row = {c: dict(zip(FEATURES, r)) for c, r in zip(codes, rows)}
    assert row["E11.9"]["prior_category_share"] > row["E11.22"]["prior_category_share"]
    assert row["E11.9"]["prior_category_precision"] == row["E11.22"]["prior_category_precision"] > 0
    again = Priors.from_dict(priors.as_dict())
    assert again == priors and again.category_hits == priors.category_hits


def test_a_reached_category_proposes_the_codes_coders_used_in_it(monkeypatch):
    assert code_features.siblings([_p("D49.59", 0)], Priors.count([({"D490"}, set())] * 3)) == []  # off as shipped
    monkeypatch.setattr(code_features, "SIBLINGS_PER_CATEGORY", 4)
    # coders used D49.0 in three notes, D49.59 in two, D49.2 once (too rare to propose)
    priors = Priors.count([({"D490"}, set()), ({"D490", "D4959"}, set()), ({"D490"}, set()), ({"D4959"}, set()),
                           ({"D492"}, set())])
    found = [_p("D49.511", 4, status="negated", rank=2, score=0.5), _p("D49.59", 6, rank=0, score=0.9),
             _p("I10", 1)]
    extra = code_features.siblings(found, priors)
    assert [p.code for p in extra] == ["D49.0"]  # D49.59 is already proposed, I10's category has none
    assert extra[0].source == "sibling" and extra[0].line == 6 and extra[0].status == "affirmed"
    codes, rows = code_features.rows(found + extra, ["hpi"] * 7, 7, priors)
    row = {c: dict(zip(FEATURES, r)) for c, r in zip(codes, rows)}
    assert row["D49.0"]["sibling_only"] == 1 and row["D49.59"]["sibling_only"] == 0
    assert row["D49.0"]["n_proposals"] == 0 and row["D49.0"]["prior_category_share"] > row["D49.59"]["prior_category_share"]
    assert code_features.siblings(found, None) == [] and code_features.siblings(found, Priors()) == []
