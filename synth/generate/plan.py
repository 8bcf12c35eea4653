"""What one note will say: intended codes (seed + co-occurring), traps (conditions written
negated, as family history or as uncertain, never intended), a resolved past condition coded
as personal history, and the procedure of an operative note."""

from __future__ import annotations

import random
from typing import Callable

from synth import guidelines, icd, terms
from synth.cooccurrence import CooccurrenceModel
from synth.terms import TermIndex

TRAP_KINDS = ("negated", "family", "uncertain")
_SOURCES: dict[int, dict[str, str]] = {}  # per term index (an index lives for the process)


def history_sources(index: TermIndex) -> dict[str, str]:
    """Personal-history code -> a writable condition code it stands for (Z85.3 -> breast cancer)."""
    cached = _SOURCES.get(id(index))
    if cached is not None:
        return cached
    out: dict[str, str] = {}
    named = list(terms.synonyms())
    for prefix, z_code in sorted(guidelines.history_map().items()):
        options = [c for c in named if c.startswith(prefix) and index.writable(c)]
        if not options and icd.is_billable(prefix) and index.writable(prefix):
            options = [prefix]
        if options and index.writable(z_code) and z_code not in out:
            out[z_code] = sorted(options)[0]
    _SOURCES[id(index)] = out
    return out


def past_condition(rng: random.Random, intended: list[str], index: TermIndex,
                   fits: Callable[[str], bool] | None = None) -> dict | None:
    """A resolved condition and its personal-history code; ``fits`` filters the conditions
    (one of the patient's sex)."""
    sources = history_sources(index)
    options = [(z, src) for z, src in sorted(sources.items())
               if index.writable(src) and z not in intended and (fits is None or fits(src))
               and not any(icd.category(c) == icd.category(src) for c in intended)
               and not any(icd.excludes1_conflict(z, c) for c in intended)]
    if not options:
        return None
    z_code, source = rng.choice(options)
    return {"code": z_code, "condition": source}


def choose_traps(rng: random.Random, model: CooccurrenceModel, seed: str, intended: list[str],
                 index: TermIndex, n: int) -> list[dict]:
    """Conditions to write negated / as family history / uncertain; never an intended category."""
    taken = {icd.category(c) for c in intended}
    pool = [t for t in model.traps(seed) if index.writable(t) and icd.category(t) not in taken]
    rng.shuffle(pool)
    out = []
    for code in pool[:n]:
        kind = rng.choices(TRAP_KINDS, weights=(0.6, 0.25, 0.15))[0]
        if kind == "family" and code.startswith("R"):
            kind = "negated"  # a relative's symptom is not family history
        out.append({"code": code, "kind": kind})
    return out
