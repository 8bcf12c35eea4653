from synth import dedupe

BASE = ("Patient is a seventy year old woman admitted with chronic diastolic heart failure and atrial "
        "fibrillation, treated with diuretics and rate control, discharged home on hospital day four with "
        "follow up in cardiology clinic in two weeks and labs in one week. Medications reconciled: "
        "furosemide, metoprolol, apixaban and lisinopril; weight and symptoms to be recorded daily, "
        "with a call to the clinic for a gain of more than two kilograms in three days.")


def test_exact_and_near_duplicates_are_removed_and_first_is_kept():
    texts = [BASE, BASE.upper(), BASE.replace("four", "five"), "Completely different text about a knee replacement."]
    found = {d["index"]: d for d in dedupe.find_duplicates(texts)}
    assert found[1]["kind"] == "exact" and found[1]["duplicate_of"] == 0
    assert found[2]["kind"] == "near" and found[2]["duplicate_of"] == 0 and found[2]["jaccard"] > 0.8
    assert 0 not in found and 3 not in found


def test_dedupe_reports_note_ids():
    records = [{"note_id": "a", "text": BASE}, {"note_id": "b", "text": BASE}]
    kept, removed = dedupe.dedupe(records)
    assert [r["note_id"] for r in kept] == ["a"] and removed[0]["duplicate_of"] == "a"
