from synth import guidelines


def test_hypertension_with_heart_failure_becomes_hypertensive_heart_disease():
    evidence, applied = guidelines.apply_combinations({"I10": {1}, "I50.32": {4}})
    assert evidence == {"I11.0": {1, 4}, "I50.32": {4}}
    assert applied == ["I10+I50.32->I11.0"]


def test_hypertension_heart_failure_and_ckd_become_i13():
    evidence, _ = guidelines.apply_combinations({"I10": {0}, "I50.9": {1}, "N18.31": {2}})
    assert set(evidence) == {"I13.0", "I50.9", "N18.31"}


def test_diabetes_with_polyneuropathy_replaces_both_parts():
    evidence, _ = guidelines.apply_combinations({"E11.9": {0}, "G62.9": {3}})
    assert evidence == {"E11.42": {0, 3}}


def test_line_scoped_rule_needs_a_link_word(monkeypatch):
    rule = guidelines.Combination("E11.22", "E11.9", "N18", None, True, "line", None)
    monkeypatch.setattr(guidelines, "combinations", lambda: [rule])
    unlinked, _ = guidelines.apply_combinations({"E11.9": {0}, "N18.31": {0}}, {0: ["diabetes", "and", "ckd"]})
    linked, _ = guidelines.apply_combinations({"E11.9": {0}, "N18.31": {0}}, {0: ["ckd", "due", "to", "diabetes"]})
    assert "E11.22" not in unlinked and "E11.22" in linked


def test_personal_history_codes_use_the_longest_prefix():
    assert guidelines.personal_history_code("C50.919") == "Z85.3"
    assert guidelines.personal_history_code("I63.9") == "Z86.73"
    assert guidelines.personal_history_code("R07.9") is None
