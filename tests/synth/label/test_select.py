from synth.label import select
from synth.label.lines import section_of_lines


def _codes(lines, small_index, cues):
    chosen = select.select(lines, section_of_lines(lines), small_index, cues)
    return chosen, {c["code"]: c for c in chosen.icd10cm}


def test_negated_family_and_uncertain_mentions_are_not_coded(small_index, cues):
    lines = ["HPI: patient with heart failure.", "Denies chest pain.", "No evidence of pneumonia.",
             "Family History:", "Mother with breast cancer.", "Rule out pulmonary embolism."]
    chosen, codes = _codes(lines, small_index, cues)
    assert set(codes) == {"I50.9"} and codes["I50.9"]["evidence"] == [0]
    assert {m.status for m in chosen.mentions} >= {"negated", "family", "uncertain"}


def test_past_malignancy_maps_to_personal_history(small_index, cues):
    _, codes = _codes(["Breast cancer, resolved.", "History of colon cancer.", "Hypertension."], small_index, cues)
    assert set(codes) == {"Z85.3", "Z85.038", "I10"}


def test_specific_code_supersedes_unspecified_and_combinations_apply(small_index, cues):
    lines = ["Heart failure, worse.", "Assessment:", "1. Chronic diastolic heart failure: diuresis.", "2. HTN: continue."]
    chosen, codes = _codes(lines, small_index, cues)
    assert set(codes) == {"I11.0", "I50.32"}
    assert codes["I50.32"]["evidence"] == [0, 2] and codes["I11.0"]["evidence"] == [0, 2, 3]
    assert any("superseded" in n for n in chosen.notes) and any("combination" in n for n in chosen.notes)


def test_unresolvable_notes_are_discarded_with_a_reason(small_index, cues):
    empty, _ = _codes(["Vitals stable.", "Follow up in two weeks."], small_index, cues)
    assert empty.discard == "no codable diagnosis found"
    conflict, _ = _codes(["Type 1 diabetes mellitus.", "Type 2 diabetes mellitus."], small_index, cues)
    assert conflict.discard and conflict.discard.startswith("excludes1 conflict")


def test_manifestation_without_etiology_is_discarded(full_index, cues):
    lines = ["Polyneuropathy in diseases classified elsewhere."]
    chosen = select.select(lines, section_of_lines(lines), full_index, cues)
    assert chosen.discard and chosen.discard.startswith("manifestation G63")


def test_real_text_keeps_an_excludes1_pair_only_when_both_codes_reach_the_bar():
    lines = ["Type 1 diabetes mellitus.", "Type 2 diabetes mellitus."]
    mentions = [select.Mention("E10.9", 0, "affirmed", "retrieval", 0.9),
                select.Mention("E11.9", 1, "affirmed", "retrieval", 0.5)]
    both = select.choose(lines, mentions, discard=False, excludes1_keep_both_at=0.4)
    assert {c["code"] for c in both.icd10cm} == {"E10.9", "E11.9"}
    assert any("despite Excludes1" in n for n in both.notes)
    one = select.choose(lines, mentions, discard=False, excludes1_keep_both_at=0.6)
    assert [c["code"] for c in one.icd10cm] == ["E10.9"] and "E11.9 dropped: Excludes1 with E10.9" in one.notes
    # synthetic notes (discard=True) ignore the bar: the guideline rule drops the weaker code
    synthetic = select.choose(lines, mentions, discard=True, excludes1_keep_both_at=0.0)
    assert [c["code"] for c in synthetic.icd10cm] == ["E10.9"]
