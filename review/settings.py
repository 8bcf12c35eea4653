"""The [review] configuration section, resolved: store path, sample and server settings."""

from __future__ import annotations

from pathlib import Path

from chartforge.config import get_config
from review.sampling import SampleSettings


def review_section() -> dict:
    return get_config()["review"]


def store_path(override: str | Path | None = None) -> Path:
    """--store, else [review] store, else <paths.work_dir>/review/review.sqlite."""
    if override:
        return Path(override)
    configured = review_section()["store"]
    if configured:
        return Path(configured)
    return Path(get_config()["paths"]["work_dir"]) / "review" / "review.sqlite"


def sample_settings(seed: int | None = None) -> SampleSettings:
    return SampleSettings.from_config(review_section(), seed=seed)
