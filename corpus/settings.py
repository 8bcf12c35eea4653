"""The ``[corpus]`` configuration section, validated once.

The validated settings are part of the dataset version hash, so two builds with the same
inputs and the same settings publish the same version, and any change publishes a new one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path

from chartforge.config import Config
from chartforge.settings import settings_dict
from chartforge.settings.sections import CorpusSection
from chartforge.errors import ChartforgeError
from corpus.probe_model import ModelSettings


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


def _corpus_section(config: Config | None) -> dict:
    """[corpus] of the entry point's configuration; None = the packaged defaults (no global read)."""
    if config is None:
        return settings_dict(CorpusSection())
    return dict(config["corpus"])


def corpus_settings(config: Config | None = None) -> CorpusSettings:
    section = _corpus_section(config)
    section.pop("probe", None)  # [corpus.probe]: probe_settings(), not part of the version hash
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


REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class ProbeSettings:
    """``[corpus.probe]``: where the real coded notes are and the probe coder's settings."""

    real: Path | None
    real_train: Path | None
    at_build: bool
    cache_dir: Path | None
    model: ModelSettings


def _path(value: str) -> Path | None:
    """A configured path; relative paths are relative to the repository root ("" = none)."""
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else (REPO_ROOT / path).resolve()


def probe_settings(config: Config | None = None) -> ProbeSettings:
    section = dict(_corpus_section(config).get("probe", {}))
    known = {f.name for f in fields(ModelSettings)}
    model = ModelSettings(**{k: v for k, v in section.items() if k in known})
    _check(model.min_label_documents >= 1, "probe.min_label_documents", model.min_label_documents, "must be at least 1")
    _check(model.max_features >= 100, "probe.max_features", model.max_features, "must be at least 100")
    _check(model.ngram_max in (1, 2, 3), "probe.ngram_max", model.ngram_max, "must be 1, 2 or 3")
    _check(model.alpha > 0, "probe.alpha", model.alpha, "must be positive")
    _check(0.0 < model.holdout_fraction < 0.5, "probe.holdout_fraction", model.holdout_fraction, "must be in (0, 0.5)")
    cache = section.get("cache_dir", "")
    return ProbeSettings(real=_path(section.get("real", "")), real_train=_path(section.get("real_train", "")),
                         at_build=bool(section.get("at_build", False)),
                         cache_dir=Path(cache) if cache else None, model=model)
