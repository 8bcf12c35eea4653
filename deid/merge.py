"""Deterministic merge of overlapping spans.

Rule (documented in the issue's contract):
1. Spans that overlap (share at least one character) form a cluster, transitively; spans
   that only touch (one ends where the next starts) stay separate.
2. A cluster becomes ONE span covering the union of its members (recall first: no
   character any detector flagged is left out).
3. Its label, score and source come from the member with the highest score; ties go to
   the longer member, then to the label earlier in data/label_priority.yaml, then to the
   alphabetically first source. The result does not depend on input order.
"""

from __future__ import annotations

from deid.resources import data_file, load_data
from deid.spans import LABELS, Span

_PRIORITY = {label: rank for rank, label in
             enumerate(load_data(data_file(__file__, "data/label_priority.yaml"))["priority"])}


def _rank(span: Span):
    return (-span.score, -(span.end - span.start), _PRIORITY.get(span.label, len(LABELS)), span.source)


def merge_spans(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    cluster: list[Span] = []
    cluster_end = -1
    for span in sorted(spans, key=lambda s: (s.start, -s.end, _rank(s))):
        if cluster and span.start >= cluster_end:
            merged.append(_collapse(cluster))
            cluster = []
        cluster.append(span)
        cluster_end = max(cluster_end, span.end) if len(cluster) > 1 else span.end
    if cluster:
        merged.append(_collapse(cluster))
    return merged


def _collapse(cluster: list[Span]) -> Span:
    best = min(cluster, key=_rank)
    start = min(s.start for s in cluster)
    end = max(s.end for s in cluster)
    return Span(start, end, best.label, best.score, best.source)
