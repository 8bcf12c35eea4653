"""What real coders code for a word: a memory learned from coded notes.

Coders follow their own index habits that neither the code titles nor the Alphabetic Index
make obvious to a retriever: in CodiEsp a bare "disease" is coded R69, "necrosis" I96,
"infection" B99.9, "trauma" T14.90. The memory counts, over coded notes, how often a note whose
mentions hold a word (or two-word phrase) carries a code, and keeps the pairs that are frequent
and far more likely than the code is overall. At labelling time every mention holding a kept
phrase proposes its codes (source "memory"), with the counted precision as a feature; the
learned scorer decides, like for any other proposal.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from synth import icd
from synth.label.mentions import Query
from synth.label.proposals import Proposal

MIN_NOTES = 3          # notes with the phrase and the code
MIN_PRECISION = 0.2    # share of the phrase's notes that carry the code
MIN_LIFT = 3.0         # that share over the code's share of all notes
MAX_CODES_PER_PHRASE = 5
_SKIP = frozenset({"and", "or", "with", "in", "on", "at", "to", "by", "for", "from", "is", "was", "were", "be", "been",
                   "has", "had", "have", "this", "that", "which", "who", "after", "before", "during", "since",
                   "patient", "case", "year", "years", "old", "day", "days", "month", "months", "week", "weeks"})


def phrases(text: str) -> set[str]:
    """The words and two-word phrases of a query's normalized text."""
    words = [w for w in text.split() if w.isalpha() and w not in _SKIP and len(w) > 2]
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:])}


@dataclass
class Memory:
    # phrase -> [(code as ICD-10-CM writes it, precision, notes with both, lift)]
    entries: dict[str, list[tuple[str, float, int, float]]] = field(default_factory=dict)

    @classmethod
    def learn(cls, notes: list[tuple[set[str], set[str]]]) -> "Memory":
        """From (gold codes dotless, phrases of the note's mentions) per note."""
        total = len(notes)
        if not total:
            return cls()
        code_notes: Counter = Counter()
        phrase_notes: Counter = Counter()
        pair_notes: Counter = Counter()
        for gold, said in notes:
            code_notes.update(gold)
            phrase_notes.update(said)
            pair_notes.update((p, c) for p in said for c in gold)
        dotted = {c: _dotted(c) for c in code_notes}
        entries: dict[str, list[tuple[str, float, int, float]]] = {}
        for (phrase, code), both in pair_notes.items():
            if both < MIN_NOTES or dotted[code] is None:
                continue
            precision = both / phrase_notes[phrase]
            lift = precision / (code_notes[code] / total)
            if precision >= MIN_PRECISION and lift >= MIN_LIFT:
                entries.setdefault(phrase, []).append((dotted[code], round(precision, 4), both, round(lift, 3)))
        for phrase in entries:
            entries[phrase] = sorted(entries[phrase], key=lambda e: (-e[1], e[0]))[:MAX_CODES_PER_PHRASE]
        return cls(entries)

    def propose(self, queries: list[Query]) -> list[Proposal]:
        """Proposals of every kept phrase in a note's piece queries (score = counted precision)."""
        out = []
        for query in queries:
            if query.kind != "piece":
                continue
            # sorted: a set's order changes with the process's hash seed, and the order of a
            # note's proposals decides the order of the scorer's rows and of tied features
            # (rank in category), so `train-coder` fitted a different model in each process.
            for phrase in sorted(phrases(query.text)):
                for code, precision, both, lift in self.entries.get(phrase, ()):
                    out.append(Proposal(code, query.line, query.status, "memory", "piece", 0, precision, 0.0, 0.0,
                                        len(phrase.split()), 0.0, float(both), float(lift)))
        return out

    def as_dict(self) -> dict:
        return {p: [list(e) for e in es] for p, es in self.entries.items()}

    @classmethod
    def from_dict(cls, raw: dict) -> "Memory":
        return cls({p: [tuple(e) for e in es] for p, es in raw.items()})


def _dotted(code: str) -> str | None:
    """A dotless code as ICD-10-CM writes it, or None when the code set lacks it (CodiEsp's
    7th-character-less injury codes such as W19XXX)."""
    candidate = code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"
    return candidate if icd.is_valid(candidate) else None
