from synth import evaluate


def _report(f1=0.97, d2=0.6, dup=0.0, reach=1200):
    return {"fidelity": {"exact": {"f1": f1}}, "distinct_2": {"corpus": d2},
            "near_duplicates_before_dedupe": {"rate": dup}, "reachable_codes": reach}


SECTION = {"min_exact_f1": 0.95, "min_distinct_2": 0.5, "max_near_duplicate_rate": 0.01, "min_reachable_codes": 1000}


def test_goals_pass_and_fail_on_their_thresholds():
    assert all(ok for *_, ok in evaluate.goals(_report(), SECTION))
    missed = [g for g, _, _, ok in evaluate.goals(_report(f1=0.94, dup=0.01), SECTION) if not ok]
    assert missed == ["label fidelity exact-code F1", "near-duplicate rate before dedupe"]
