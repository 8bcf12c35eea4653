"""The ``[corpus]`` configuration section, validated once.

The validated settings are part of the dataset version hash, so two builds with the same
inputs and the same settings publish the same version, and any change publishes a new one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from chartforge.config import Config, get_config
from chartforge.errors import ChartforgeError


@dataclass(frozen=True)
class CorpusSettings:
    test_fraction: float = 0.10
    validation_fraction: float = 0.05
    split_salt: str = "chartforge-corpus-1"
    near_duplicate_threshold: float = 0.8
    minhash_permutations: int = 128
    shingle_words: int = 5
    baseline_top_k: int = 5
    baseline_min_dense: float = 0.88
    baseline_max_codes: int = 8

    def as_dict(self) -> dict:
        return asdict(self)


def _check(condition: bool, key: str, value, reason: str) -> None:
    if not condition:
        raise ChartforgeError.make("E607", key=key, value=value, reason=reason)


def corpus_settings(config: Config | None = None) -> CorpusSettings:
    section = dict((config or get_config())["corpus"])
    settings = CorpusSettings(**section)
    _check(0.0 <= settings.test_fraction < 1.0, "test_fraction", settings.test_fraction, "must be in [0, 1)")
    _check(0.0 <= settings.validation_fraction < 1.0, "validation_fraction",
           settings.validation_fraction, "must be in [0, 1)")
    _check(0.0 < settings.near_duplicate_threshold <= 1.0, "near_duplicate_threshold",
           settings.near_duplicate_threshold, "must be in (0, 1]")
    _check(settings.minhash_permutations >= 16, "minhash_permutations",
           settings.minhash_permutations, "must be at least 16")
    _check(settings.shingle_words >= 1, "shingle_words", settings.shingle_words, "must be at least 1")
    _check(settings.baseline_top_k >= 1, "baseline_top_k", settings.baseline_top_k, "must be at least 1")
    _check(0.0 <= settings.baseline_min_dense <= 1.0, "baseline_min_dense", settings.baseline_min_dense,
           "must be in [0, 1]")
    _check(settings.baseline_max_codes >= 1, "baseline_max_codes", settings.baseline_max_codes, "must be at least 1")
    return settings
