import json

from synth import evaluate


def _report(f1=0.97, d2=0.6, dup=0.0, reach=1200):
    return {"fidelity": {"exact": {"f1": f1}}, "distinct_2": {"corpus": d2},
            "near_duplicates_before_dedupe": {"rate": dup}, "reachable_codes": reach}


SECTION = {"min_exact_f1": 0.95, "min_distinct_2": 0.5, "max_near_duplicate_rate": 0.01, "min_reachable_codes": 1000}


def test_goals_pass_and_fail_on_their_thresholds():
    assert all(ok for *_, ok in evaluate.goals(_report(), SECTION))
    missed = [g for g, _, _, ok in evaluate.goals(_report(f1=0.94, dup=0.01), SECTION) if not ok]
    assert missed == ["label fidelity exact-code F1", "near-duplicate rate before dedupe"]


def test_reference_distinct_2_reads_as_many_real_notes_as_the_run_has(tmp_path):
    from synth.evaluate import reference_distinct_2

    reference = tmp_path / "real.jsonl"
    reference.write_text("\n".join([
        json.dumps({"transcription": "the patient denies chest pain"}),
        "not json",                                   # skipped, never fatal
        json.dumps({"text": "the patient reports knee pain"}),
        json.dumps({"transcription": "a third note never read"}),
    ]) + "\n")
    result = reference_distinct_2(reference, notes=2)
    # bigrams: 4 + 4, of which "the patient" repeats -> 7 unique of 8
    assert result == {"file": "real.jsonl", "notes": 2, "corpus": 0.875, "per_note_mean": 1.0}
    assert reference_distinct_2(tmp_path / "missing.jsonl", 10) is None
    assert reference_distinct_2(None, 10) is None


def test_equal_token_distinct_2_compares_both_corpora_over_the_same_words(tmp_path):
    reference = tmp_path / "real.jsonl"
    reference.write_text("\n".join(json.dumps({"text": t}) for t in ["w x y z w x y z", "q r s t"]) + "\n")
    rows = evaluate.equal_token_distinct_2(["a b c d", "a b c d"], reference, fixed_tokens=6)
    # the run has 8 words: rows at 6 and 8 words; real notes cut at the same counts
    assert rows == [{"tokens": 6, "run": 0.75, "reference": 0.8}, {"tokens": 8, "run": 0.5, "reference": 0.5714}]
    assert evaluate.equal_token_distinct_2(["a b"], tmp_path / "missing.jsonl", 6) == []
