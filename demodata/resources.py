"""The demo generator's data files (YAML beside this module), loaded once, plus the two
random helpers every module shares. All randomness flows through a ``random.Random``
passed in by the caller: never the global ``random`` state, so a seed reproduces a run."""

from __future__ import annotations

import functools
import random
from pathlib import Path
from typing import Sequence, TypeVar

import yaml

HERE = Path(__file__).resolve().parent
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster
T = TypeVar("T")

# Pattern alphabet of phi_formats.yaml id_patterns: I and O are left out like on real plates/VINs.
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_DIGITS = "0123456789"


@functools.cache
def load(name: str) -> dict:
    """One of templates.yaml, clinical.yaml, phi_formats.yaml (parsed once per process)."""
    with open(HERE / name, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LOADER)


def weighted(rng: random.Random, items: Sequence[dict] | dict, key: str = "weight"):
    """Pick from [{..., weight}] (returns the dict) or {value: weight} (returns the value)."""
    if isinstance(items, dict):
        values, weights = list(items), list(items.values())
    else:
        values, weights = list(items), [item[key] for item in items]
    return rng.choices(values, weights=weights, k=1)[0]


def fill_pattern(rng: random.Random, pattern: str) -> str:
    """'#' digit, '@' letter, '*' letter or digit, '%' digit 1-9; anything else literal."""
    out = []
    for char in pattern:
        if char == "#":
            out.append(rng.choice(_DIGITS))
        elif char == "@":
            out.append(rng.choice(_LETTERS))
        elif char == "*":
            out.append(rng.choice(_LETTERS + _DIGITS))
        elif char == "%":
            out.append(rng.choice(_DIGITS[1:]))
        else:
            out.append(char)
    return "".join(out)


def pick(rng: random.Random, seq: Sequence[T]) -> T:
    return seq[rng.randrange(len(seq))]
