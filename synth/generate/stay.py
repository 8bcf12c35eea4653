"""How many days an admission lasts, from the note's main problem (data/stay.yaml).

The plan draws the length once, so every day a note names agrees with it: a discharge summary
discharges on that day, a progress note or a hospital-course event falls on a day before it.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import yaml

from synth import realism
from synth.generate import banks

STAY = Path(__file__).resolve().parents[1] / "data" / "stay.yaml"


@lru_cache(maxsize=1)
def table() -> dict:
    return yaml.safe_load(STAY.read_text())


def typical_range(seed: str) -> tuple[int, int]:
    """(shortest, longest) stay for an admission whose main problem is ``seed``."""
    data = table()
    found = banks.most_specific(data["by_code"], seed)
    if found:
        low, high = found
    elif realism.inpatient_only(seed):
        low, high = data["acute_default"]
    else:
        low, high = data["default"]
    return int(low), int(high)


def draw_stay(seed: str, rng: random.Random) -> int:
    low, high = typical_range(seed)
    return rng.randint(low, high)


def day_before_discharge(stay_days: int, rng: random.Random) -> int:
    """A day of the stay on which something happened before the patient left (day 1 of a
    one-day stay)."""
    return rng.randint(1, max(1, stay_days - 1))
