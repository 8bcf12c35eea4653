"""deid/merge.py: overlapping spans merge into one, deterministically."""

import itertools

from deid.merge import merge_spans
from deid.spans import Span


def test_overlapping_spans_become_their_union_with_the_best_label():
    spans = [Span(0, 5, "NAME", 0.85, "ner"), Span(3, 10, "LOCATION", 0.9, "facility")]
    assert merge_spans(spans) == [Span(0, 10, "LOCATION", 0.9, "facility")]


def test_touching_spans_stay_apart():
    spans = [Span(0, 5, "NAME", 0.9, "a"), Span(5, 9, "DATE", 0.9, "b")]
    assert merge_spans(spans) == spans


def test_ties_go_to_the_longer_span_then_label_priority():
    longer = merge_spans([Span(0, 4, "NAME", 0.9, "a"), Span(0, 6, "LOCATION", 0.9, "b")])
    assert longer[0].label == "LOCATION"
    same = merge_spans([Span(0, 9, "OTHER_ID", 0.9, "a"), Span(0, 9, "SSN", 0.9, "b")])
    assert same[0].label == "SSN"


def test_merge_does_not_depend_on_input_order():
    spans = [Span(0, 5, "NAME", 0.85, "a"), Span(4, 8, "DATE", 0.85, "b"), Span(7, 12, "PHONE", 0.85, "c"),
             Span(20, 25, "MRN", 0.9, "d")]
    results = {tuple(merge_spans(list(p))) for p in itertools.permutations(spans)}
    assert len(results) == 1
    (result,) = results
    assert [(s.start, s.end) for s in result] == [(0, 12), (20, 25)]
