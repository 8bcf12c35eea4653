"""Context of a code mention (NegEx-style, rules in cues.yaml): affirmed, negated, uncertain,
family, past (resolved) or history (a plain "history of", which only changes malignancies)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from synth import terms

AFFIRMED, NEGATED, UNCERTAIN, FAMILY, PAST, HISTORY = "affirmed", "negated", "uncertain", "family", "past", "history"
_CLAUSE = re.compile(r"[;:!?]|\.(?=\s+[A-Z0-9]|\s*$)")
PRE_WINDOW, POST_WINDOW = 14, 6


@dataclass(frozen=True)
class Cues:
    pre: dict[str, list[tuple[str, ...]]]
    post: dict[str, list[tuple[str, ...]]]
    terminators: frozenset[str]
    family_sections: frozenset[str]


@lru_cache(maxsize=1)
def load_cues(path: str | None = None) -> Cues:
    raw = yaml.safe_load(Path(path or Path(__file__).with_name("cues.yaml")).read_text())

    def norm(items):
        return sorted({tuple(terms.tokens(c)) for c in items if terms.tokens(c)}, key=len, reverse=True)

    pre = {NEGATED: norm(raw["negation_pre"]), UNCERTAIN: norm(raw["uncertain_pre"]),
           FAMILY: norm(raw["family_pre"]), PAST: norm(raw["past_pre"]), HISTORY: norm(raw["history_of"])}
    post = {NEGATED: norm(raw["negation_post"]), UNCERTAIN: norm(raw["uncertain_post"]), PAST: norm(raw["past_post"])}
    return Cues(pre, post, frozenset(raw["terminators"]),
                frozenset(" ".join(terms.tokens(s)) for s in raw["family_sections"]))


def clauses(line: str) -> list[list[str]]:
    """The line's clauses as normalized token lists; cues never cross a clause."""
    return [toks for part in _CLAUSE.split(line) if (toks := terms.tokens(part))]


def _occurs(toks: list[str], cue: tuple[str, ...], lo: int, hi: int) -> list[int]:
    n = len(cue)
    return [i for i in range(max(lo, 0), max(hi - n + 1, 0)) if tuple(toks[i:i + n]) == cue]


# Strength order when several cues apply: a negation beats everything.
_ORDER = (NEGATED, UNCERTAIN, FAMILY, PAST, HISTORY)


def status(toks: list[str], start: int, end: int, cues: Cues, blocked: list[tuple[int, int]] = ()) -> str:
    """Status of the mention toks[start:end] inside one clause.

    ``blocked`` are other mentions' spans: a cue word inside another code's own name
    ("history" in "personal history of ...") is not a cue.
    """
    def free(i, n):
        return not any(s <= i < e or s < i + n <= e for s, e in blocked)

    found = set()
    for kind, cue_list in cues.pre.items():
        for cue in cue_list:
            for i in _occurs(toks, cue, start - PRE_WINDOW, start):
                between = toks[i + len(cue):start]
                if free(i, len(cue)) and not (cues.terminators & set(between)):
                    found.add(kind)
    for kind, cue_list in cues.post.items():
        for cue in cue_list:
            for i in _occurs(toks, cue, end, end + POST_WINDOW + len(cue)):
                between = toks[end:i]
                if free(i, len(cue)) and not (cues.terminators & set(between)):
                    found.add(kind)
    for kind in _ORDER:
        if kind in found:
            return kind
    return AFFIRMED
