"""The patient's age, from the ages the note's conditions keep (data/ages.yaml): no lumbar
spinal stenosis at 25, no acne at 88."""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import yaml

from synth.generate import banks

AGES = Path(__file__).resolve().parents[1] / "data" / "ages.yaml"


@lru_cache(maxsize=1)
def table() -> dict:
    return yaml.safe_load(AGES.read_text())


def _range_of(code: str) -> tuple[int, int] | None:
    found = banks.most_specific(table()["by_code"], code)
    return tuple(found) if found else None


def age_range(seed: str, codes: list[str]) -> tuple[int, int]:
    """The ages every listed code allows; the seed's own range when the codes disagree
    (a comorbidity of the young beside a condition of the old)."""
    seed_range = _range_of(seed) or tuple(table()["default"])
    ranges = [seed_range] + [r for r in map(_range_of, codes) if r]
    low, high = max(r[0] for r in ranges), min(r[1] for r in ranges)
    return (low, high) if low <= high else seed_range


def draw_age(seed: str, codes: list[str], rng: random.Random) -> int:
    return rng.randint(*age_range(seed, codes))
