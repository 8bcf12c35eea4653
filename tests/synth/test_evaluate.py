import json

from synth import evaluate


def _report(f1=0.995, dup=0.0, reach=1200, contradictions=0, title=0.15, d2_ratio=1.1, probe_ratio=0.7):
    return {"fidelity": {"exact": {"f1": f1}}, "near_duplicates_before_dedupe": {"rate": dup}, "reachable_codes": reach,
            "realism": {"notes_with_contradictions": contradictions}, "title_share": {"exact_title": title},
            "beside_reference": None if d2_ratio is None else {"distinct_2": {"ratio": d2_ratio}},
            "probe": None if probe_ratio is None else {"ratio": {"exact": probe_ratio}}}


SECTION = {"min_exact_f1": 0.99, "max_contradictions": 0, "max_exact_title_share": 0.2, "min_distinct_2_ratio": 1.0,
           "min_probe_ratio": 0.6, "max_near_duplicate_rate": 0.01, "min_reachable_codes": 1000}


def test_goals_pass_and_fail_on_their_thresholds():
    assert all(ok for *_, ok in evaluate.goals(_report(), SECTION))
    missed = [g for g, _, _, ok in evaluate.goals(_report(f1=0.989, dup=0.01, title=0.21, d2_ratio=0.99,
                                                          probe_ratio=0.59, contradictions=1), SECTION) if ok is False]
    assert missed == ["label fidelity exact-code F1 (published notes)", "notes with a contradiction",
                      "code mentions written as the exact ICD title",
                      "corpus distinct-2 / real notes' at equal word count",
                      "corpus utility probe ratio (exact micro-F1)", "near-duplicate rate before dedupe"]


def test_a_figure_that_cannot_be_measured_is_shown_not_failed():
    rows = {g: (measured, ok) for g, measured, _, ok in evaluate.goals(_report(d2_ratio=None, probe_ratio=None), SECTION)}
    assert rows["corpus distinct-2 / real notes' at equal word count"] == (None, None)
    assert rows["corpus utility probe ratio (exact micro-F1)"] == (None, None)
    assert rows["label fidelity exact-code F1 (published notes)"] == (0.995, True)


def test_reference_distinct_2_reads_as_many_real_notes_as_the_run_has(tmp_path):
    from synth.evaluate import reference_distinct_2

    reference = tmp_path / "real.jsonl"
    reference.write_text("\n".join([
        json.dumps({"transcription": "the patient denies chest pain"}),
        "not json",                                   # skipped, never fatal
        json.dumps({"text": "the patient reports knee pain"}),
        json.dumps({"transcription": "the patient denies chest pain"}),  # the same report again: skipped
        json.dumps({"transcription": "a third note never read"}),
    ]) + "\n")
    result = reference_distinct_2(reference, notes=2)
    # bigrams: 4 + 4, of which "the patient" repeats -> 7 unique of 8
    assert result == {"file": "real.jsonl", "notes": 2, "corpus": 0.875, "per_note_mean": 1.0}
    assert evaluate.reference_texts(reference, notes=3) == [
        "the patient denies chest pain", "the patient reports knee pain", "a third note never read"]
    assert reference_distinct_2(tmp_path / "missing.jsonl", 10) is None
    assert reference_distinct_2(None, 10) is None


def test_equal_token_distinct_2_compares_both_corpora_over_the_same_words(tmp_path):
    reference = tmp_path / "real.jsonl"
    reference.write_text("\n".join(json.dumps({"text": t}) for t in ["w x y z w x y z", "q r s t"]) + "\n")
    rows = evaluate.equal_token_distinct_2(["a b c d", "a b c d"], reference, fixed_tokens=6)
    # the run has 8 words: rows at 6 and 8 words; real notes cut at the same counts
    assert rows == [{"tokens": 6, "run": 0.75, "reference": 0.8}, {"tokens": 8, "run": 0.5, "reference": 0.5714}]
    assert evaluate.equal_token_distinct_2(["a b"], tmp_path / "missing.jsonl", 6) == []
