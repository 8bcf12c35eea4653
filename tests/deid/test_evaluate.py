"""deid/evaluate.py: metrics computed by hand on small cases."""

import pytest

from deid.evaluate import LabelMap, evaluate


def _gold(text, *spans):
    return {"text": text, "spans": [{"start": s, "end": e, "label": l} for s, e, l in spans]}


def _pred(*spans):
    return {"spans": [{"start": s, "end": e, "label": l} for s, e, l in spans]}


def test_any_overlap_strict_and_token_metrics():
    text = "John Smith saw Mary on 3/4 at Boston"
    gold = {"n1": _gold(text, (0, 10, "NAME"), (15, 19, "NAME"), (23, 26, "DATE"), (30, 36, "LOCATION"))}
    pred = {"n1": _pred((0, 4, "NAME"), (15, 19, "NAME"), (23, 26, "DATE"), (11, 14, "NAME"))}
    m = evaluate(gold, pred, LabelMap.named(None))
    assert m["recall"] == 0.75                       # Boston missed; "John Smith" partly found counts
    assert m["precision"] == 0.75                    # "saw" is a false positive
    assert m["strict"]["recall"] == 0.5              # Mary and 3/4 exact
    assert m["strict"]["precision"] == 0.5
    assert m["strict"]["f1"] == 0.5
    assert m["token_recall"] == pytest.approx(4 / 6, abs=1e-4)  # John, Mary, 3, 4 of 6 tokens
    assert m["per_category"]["LOCATION"] == {"gold": 1, "found": 0, "recall": 0.0}


def test_pii_synth_map_ignores_non_phi_and_young_ages():
    text = "Ann Lee, 34, of Acme Corp, Tuesday, 1977; aged 95 on 2/8/1935"
    gold = {"n": _gold(text, (0, 7, "PERSON"), (9, 11, "AGE"), (16, 25, "ORGANIZATION"), (27, 34, "DATE_TIME"),
                       (36, 40, "DATE_TIME"), (47, 49, "AGE"), (53, 61, "DATE_TIME"))}
    pred = {"n": _pred((0, 7, "NAME"), (16, 20, "LOCATION"), (47, 49, "AGE_OVER_89"))}
    m = evaluate(gold, pred, LabelMap.named("pii_synth"))
    assert m["gold_spans"] == 3                      # Ann Lee, 95, 2/8/1935
    assert m["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["predicted_spans"] == 2                 # the prediction on the company is don't-care
    assert m["precision"] == 1.0


def test_missing_prediction_counts_as_nothing_found():
    gold = {"n": _gold("Jo", (0, 2, "NAME"))}
    m = evaluate(gold, {}, LabelMap.named(None))
    assert m["recall"] == 0.0 and m["notes_without_prediction"] == 1


def test_unknown_label_map_is_a_usage_error():
    from chartforge.errors import ChartforgeError

    with pytest.raises(ChartforgeError) as excinfo:
        LabelMap.named("no-such-map")
    assert excinfo.value.code == "E208"


def test_countries_are_not_scored_as_locations():
    text = "Lives in Kenosha, Canada"
    gold = {"n": _gold(text, (9, 16, "GPE"), (18, 24, "GPE"))}
    m = evaluate(gold, {"n": _pred((9, 16, "LOCATION"))}, LabelMap.named("pii_synth"))
    assert m["gold_spans"] == 1 and m["recall"] == 1.0
