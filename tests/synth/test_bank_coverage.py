from synth import bank_coverage


def test_coverage_counts_codes_with_an_entry_of_their_own_and_names_the_rest():
    generated = [{"seed": "I50.32", "intended_icd10cm": ["I50.32", "I10"]},
                 {"seed": "Q99.9", "intended_icd10cm": ["Q99.9"]}]  # no bank speaks of this chromosome code
    rows = {r["bank"]: r for r in bank_coverage.coverage(generated)}
    assert {"problem", "plans", "medications", "exam"} <= set(rows)
    problem = rows["problem"]
    assert problem["mentions"] == round(2 / 3, 2) and problem["seeds"] == 0.5
    assert problem["most_uncovered"] == ["Q99:1"]
