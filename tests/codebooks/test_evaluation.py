from codebooks.corpus import IndexTerm
from codebooks.evaluation import score_ranked, split_terms


def test_recall_counts_stems_and_categories():
    ranked = [["S60.821A", "I10"], ["E11.9", "E11.22"], ["I10"]]
    gold = ["S60.82-", "E11.22", "J18.9"]
    scores = score_ranked("x", ranked, gold)
    assert scores.recall("exact@1") == 1 / 3
    assert scores.recall("exact@5") == 2 / 3
    assert scores.recall("category@1") == 2 / 3
    assert scores.as_dict()["n"] == 3


def test_split_terms_is_a_stable_query_level_fold():
    terms = [IndexTerm(f"id{i}", f"q{i}", "I10") for i in range(1000)]
    fold = split_terms(terms, 0.2)
    assert fold == split_terms(terms, 0.2) and 150 < len(fold) < 250
