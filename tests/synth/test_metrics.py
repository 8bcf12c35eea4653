from synth import metrics


def test_micro_prf_exact_and_category_compare_dotless():
    gold = [{"E11.22", "I10"}, {"J18.9"}]
    pred = [{"E1122", "E11.9"}, {"J18.9", "R07.9"}]
    exact = metrics.micro(gold, pred)
    assert (exact["tp"], exact["fp"], exact["fn"]) == (2, 2, 1)
    cat = metrics.micro(gold, pred, "category")
    assert (cat["tp"], cat["fp"], cat["fn"]) == (2, 1, 1)
    assert exact["precision"] == 0.5 and round(exact["recall"], 4) == 0.6667


def test_fidelity_counts_trap_false_positives_by_kind():
    generated = [{"intended_icd10cm": ["I10"], "intended_cpt": [], "traps": [{"code": "J18.9", "kind": "negated"},
                                                                            {"code": "C50.919", "kind": "family"}]}]
    labelled = [{"icd10cm": [{"code": "I10"}, {"code": "J18.9"}], "cpt": []}]
    report = metrics.fidelity(generated, labelled)
    assert report["trap_false_positive_rate"] == 0.5
    assert report["trap_false_positive_by_kind"] == {"family": 0.0, "negated": 1.0}
    assert report["exact"]["precision"] == 0.5 and report["cpt"] is None


def test_distinct_n_and_lengths():
    d = metrics.distinct_n(["a b a b", "a b c"], 2)
    assert d["corpus"] == round(3 / 5, 4) and d["per_note_mean"] == round((2 / 3 + 1) / 2, 4)
    lengths = metrics.length_distribution(["one two\nthree", "x"])
    assert lengths["lines"]["max"] == 2 and lengths["words"]["min"] == 1


def test_distinct_n_at_equal_tokens_cuts_the_corpus_not_the_ngrams_across_notes():
    d = metrics.distinct_n_at_tokens(["a b a b", "a b c"], 6)
    # words a b a b | a b (cut): bigrams ab ba ab | ab -> 2 unique of 4
    assert d == {"tokens": 6, "corpus": 0.5}
    assert metrics.distinct_n_at_tokens(["a b"], 100) == {"tokens": 2, "corpus": 1.0}
