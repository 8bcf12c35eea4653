"""Seed codes: from a user list file (one code per line, '#' comments) or sampled from a
frequency table (code -> count), by default the default list weighted by coded-data frequency."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Callable

from chartforge.errors import ChartforgeError
from synth import icd

DEFAULT_SEEDS = Path(__file__).with_name("data") / "default_seeds.txt"


def read_seed_list(path: str | Path = DEFAULT_SEEDS) -> list[str]:
    """Validated seed codes, file order, duplicates removed. Bad lines raise E501 (file, row)."""
    path = Path(path)
    if not path.is_file():
        raise ChartforgeError.make("E004", path=path)
    codes: list[str] = []
    for row, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        code = raw.split("#", 1)[0].strip().upper()
        if not code:
            continue
        if not icd.is_billable(code):
            raise ChartforgeError.make("E501", file=path, row=row, value=code[:12])
        if code not in codes:
            codes.append(code)
    return codes


def with_coded_codes(seeds: list[str], counts: dict[str, int], min_documents: int,
                     drawable: Callable[[str], bool]) -> list[str]:
    """The seed list plus every code the coded data carries in at least ``min_documents``
    documents that a note can be written about (``drawable``): a corpus teaches only the codes
    it holds, so the codes a hospital actually assigns get notes of their own, not only the ones
    a hand-made list thought of. Order: the list's, then the added codes by frequency."""
    if min_documents < 1:
        return list(seeds)
    have = set(seeds)
    added = sorted((c for c, n in counts.items() if n >= min_documents and c not in have and drawable(c)),
                   key=lambda c: (-counts[c], c))
    return list(seeds) + added


def frequency_weights(seeds: list[str], counts: dict[str, int], floor: int = 1, power: float = 1.0) -> dict[str, float]:
    """Seed weights: observed frequency in coded data, never zero (every seed stays reachable),
    raised to ``power``: 1 keeps the coded data's case mix, below 1 flattens it so rarer seeds
    get notes too (a coding model needs examples of more codes than the commonest few)."""
    return {code: round(max(counts.get(code, 0), floor) ** power, 4) for code in seeds}


def sample_seeds(weights: dict[str, int], n: int, rng: random.Random) -> list[str]:
    """``n`` seeds drawn with replacement proportionally to ``weights`` (sorted: deterministic)."""
    codes = sorted(weights)
    return rng.choices(codes, weights=[weights[c] for c in codes], k=n)
