"""The review sample of a batch: a stratified random sample plus every flagged note.

Strata are (source, note type); each stratum gets a share of the sample proportional to
its size (at least one note). The draw is seeded by the batch id, so a rerun samples the
same notes. Flagged notes are added on top with reason "flag" (DESIGN.md: reviewed on top
of, not inside, the random sample). The review package's sampler replaces this when present.
"""

from __future__ import annotations

import random
from collections import defaultdict


def stratum_of(note: dict) -> str:
    return f"{note.get('source') or '?'}/{note.get('note_type') or '?'}"


def stratified_sample(notes: list[dict], size: int, seed: str) -> list[dict]:
    """``notes``: dicts with note_id, source, note_type. Returns review_sample rows."""
    strata: dict[str, list[str]] = defaultdict(list)
    for note in notes:
        strata[stratum_of(note)].append(note["note_id"])
    total = len(notes)
    rng = random.Random(seed)
    rows = []
    for name in sorted(strata):
        ids = sorted(strata[name])
        share = len(ids) if size >= total else max(1, round(size * len(ids) / total))
        rows += [{"note_id": i, "stratum": name, "reason": "random"} for i in sorted(rng.sample(ids, min(share, len(ids))))]
    return rows


def review_rows(notes: list[dict], flagged_ids: set[str], size: int, seed: str) -> list[dict]:
    by_id = {n["note_id"]: n for n in notes}
    rows = stratified_sample(notes, size, seed)
    rows += [{"note_id": i, "stratum": stratum_of(by_id[i]), "reason": "flag"} for i in sorted(flagged_ids)]
    return rows
