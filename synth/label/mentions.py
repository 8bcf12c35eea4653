"""Mentions of a line: the pieces of text that may name a condition or procedure, each with
its context status, as queries for the retriever.

A line (its section header stripped, abbreviations expanded) splits into clauses (cues never
cross one: context.clauses) and a clause into pieces at commas, brackets, "and"/"or" and the
like, because real sentences list several findings ("No history of nephrolithiasis, hematuria
or urinary tract infections"). The status of a piece is read on the whole clause, so the "no"
before a list covers every item of it (NegEx scope). A query is the piece's normalized words
without its leading cue words ("nephrolithiasis", not "no history of nephrolithiasis": the cue
changes the status, not the condition). Every clause of a few words is a query as well, so a
combination ("diabetes with neuropathy", "pain in the right renal fossa") is read whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from synth import terms
from synth.label import context

# Raw-text boundaries between the items of a clause; the words among them are kept as tokens
# (so cue windows count them) but never start or end a piece.
_SPLIT = re.compile(r"\s*[,()\[\]]\s*|\s+(and|or|nor|but|plus|versus|vs)\s+", re.IGNORECASE)
_CLAUSE = re.compile(r"[;:!?]|\.(?=\s+[A-Z0-9]|\s*$)")
# Queries longer than this many words are left to the clause's pieces.
MAX_QUERY_WORDS = 16
# Leading words that say nothing about the condition itself.
_LEADING = frozenset({"no", "not", "any", "history", "personal", "known", "previous", "prior", "recent", "signs",
                      "sign", "evidence", "possible", "probable", "suspected", "suspicion", "for", "with", "without",
                      "diagnosis", "diagnosed", "presented", "presenting", "showed", "revealed", "patient", "is",
                      "was", "has", "had", "which", "that", "in", "on", "at", "to", "by", "denies", "negative",
                      "positive", "rule", "out", "ruled", "concern"})


@dataclass(frozen=True)
class Query:
    line: int
    clause: int          # position of the clause in the line
    start: int           # token span of the piece in the clause's tokens
    end: int
    text: str            # normalized words the retriever reads
    status: str          # context status of the piece (context.py)
    kind: str            # "piece" | "clause"


@dataclass
class LineMentions:
    clauses: list[list[str]]     # normalized tokens per clause
    queries: list[Query]


def _pieces(clause: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The clause's normalized tokens and the token spans of its pieces (in order)."""
    toks: list[str] = []
    spans: list[tuple[int, int]] = []
    at = 0
    for match in list(_SPLIT.finditer(clause)) + [None]:
        end = match.start() if match else len(clause)
        piece = terms.tokens(clause[at:end])
        if piece:
            spans.append((len(toks), len(toks) + len(piece)))
            toks.extend(piece)
        if match is not None:
            toks.extend(terms.tokens(match.group(1) or ""))  # the conjunction itself stays a token
            at = match.end()
    return toks, spans


def _trim(toks: list[str], start: int, end: int, cues: context.Cues) -> tuple[int, int]:
    """Drop leading cue phrases ("status post", "mother", "no evidence") and empty words."""
    phrases = [cue for kind in cues.pre.values() for cue in kind]
    moved = True
    while moved and start < end:
        moved = False
        for cue in phrases:
            if tuple(toks[start:start + len(cue)]) == cue and start + len(cue) <= end:
                start += len(cue)
                moved = True
                break
        while start < end and toks[start] in _LEADING:
            start += 1
            moved = True
    return start, end


def line_mentions(index: int, line: str, cues: context.Cues, family_section: bool = False) -> LineMentions:
    """Queries of one line (already header-stripped and abbreviation-expanded)."""
    clauses: list[list[str]] = []
    queries: list[Query] = []
    for part in _CLAUSE.split(line):
        toks, spans = _pieces(part)
        if not toks:
            continue
        number = len(clauses)
        clauses.append(toks)
        seen: set[str] = set()

        def add(start: int, end: int, kind: str) -> None:
            start, end = _trim(toks, start, end, cues)
            text = " ".join(toks[start:end])
            if not text or text in seen or end - start > MAX_QUERY_WORDS or not any(t.isalpha() for t in toks[start:end]):
                return
            seen.add(text)
            state = context.status(toks, start, end, cues, [])
            if family_section and state == context.AFFIRMED:
                state = context.FAMILY
            queries.append(Query(index, number, start, end, text, state, kind))

        for start, end in spans:
            add(start, end, "piece")
        if sum(any(t.isalpha() for t in toks[a:b]) for a, b in spans) > 1:
            add(0, len(toks), "clause")
    return LineMentions(clauses, queries)
