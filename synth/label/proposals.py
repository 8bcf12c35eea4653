"""Code proposals of a note: every (code, line) a mention supports, from the term index (exact
surface forms) and from the retriever (each mention's top-k codes), with what a coder would
weigh: the mention's context status, where retrieval ranked the code, how much of the code's
title the mention says, and the section the line sits in.

``prepare`` reads a note (lines, sections, abbreviations, mentions and their queries);
``propose`` joins it with the retriever's answers for its queries. The learned scorer
(scorer.py) turns a note's proposals into codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from synth import icd, terms
from synth.label import abbreviations, context, mentions
from synth.label.lines import section_of_lines, split_lines, strip_header
from synth.label.select import Mention, line_mentions

# Words of a code title that say nothing about what a note must state.
_GENERIC = frozenset({"unspecified", "other", "specified", "site", "part", "type", "without", "with", "due", "to",
                      "in", "and", "or", "not", "elsewhere", "classified", "nos", "nec", "condition", "disease",
                      "disorder", "encounter", "initial", "subsequent", "sequela", "by", "for", "on"})


@dataclass(frozen=True)
class Proposal:
    code: str
    line: int
    status: str
    source: str       # "term" | "retrieval"
    kind: str         # "term" | "piece" | "clause"
    rank: int         # 0-based rank among the query's candidates (0 for a term match)
    score: float
    dense: float
    lexical: float
    words: int        # words of the query (or of the matched form)
    coverage: float   # share of the code title's words the mention says
    support: float = 0.0  # memory: coded notes that hold the phrase and the code
    lift: float = 0.0     # memory: how much likelier the code is with the phrase


@dataclass
class Prepared:
    lines: list[str]
    sections: list[str]
    readable: list[str]                     # header stripped, abbreviations expanded
    mentions: list[mentions.LineMentions]
    terms: list[Mention] = field(default_factory=list)

    @property
    def queries(self) -> list[mentions.Query]:
        return [q for m in self.mentions for q in m.queries]


@lru_cache(maxsize=65536)
def title_words(code: str) -> frozenset[str]:
    return frozenset(t for t in terms.tokens(icd.description(code)) if t not in _GENERIC and not t.isdigit())


def coverage(code: str, words: set[str]) -> float:
    title = title_words(code)
    return len(title & words) / len(title) if title else 0.0


def prepare(text: str, index: terms.TermIndex, cues: context.Cues, abbrev: abbreviations.Abbreviations,
            define: bool = True) -> Prepared:
    lines = split_lines(text)
    sections = section_of_lines(lines)
    defined = abbreviations.defined_in(text) if define else {}
    readable = [abbrev.expand(strip_header(line), defined) for line in lines]
    found = [mentions.line_mentions(i, line, cues, sections[i] in cues.family_sections)
             for i, line in enumerate(readable)]
    term_mentions = [m for i, line in enumerate(readable)
                     for m in line_mentions(i, line, sections[i], index, cues)]
    return Prepared(lines, sections, readable, found, term_mentions)


def _status_for(code: str, query: mentions.Query, pieces: list[mentions.Query], clause: list[str]) -> str:
    """A clause query's candidate takes the status of the piece that names it best."""
    if query.kind != "clause":
        return query.status
    title = title_words(code)
    best, best_overlap = query.status, 0
    for piece in pieces:
        overlap = len(title & set(clause[piece.start:piece.end]))
        if overlap > best_overlap:
            best, best_overlap = piece.status, overlap
    return best


def propose(prepared: Prepared, retrieved: list[list]) -> list[Proposal]:
    """Term matches and the top-k candidates of each query (``retrieved`` in query order)."""
    out = [Proposal(m.code, m.line, m.status, "term", "term", 0, 1.0, 1.0, 1.0, 0, 1.0) for m in prepared.terms]
    queries = prepared.queries
    by_clause: dict[tuple[int, int], list[mentions.Query]] = {}
    for q in queries:
        if q.kind == "piece":
            by_clause.setdefault((q.line, q.clause), []).append(q)
    for query, candidates in zip(queries, retrieved):
        words = set(query.text.split())
        clause = prepared.mentions[query.line].clauses[query.clause]
        pieces = by_clause.get((query.line, query.clause), [])
        for rank, c in enumerate(candidates):
            out.append(Proposal(c.code, query.line, _status_for(c.code, query, pieces, clause), "retrieval",
                                query.kind, rank, float(c.score), float(c.dense), float(c.lexical),
                                len(words), coverage(c.code, words)))
    return out
