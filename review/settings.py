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


def server_settings(store: str | Path | None = None):
    """The web UI's settings from [review]: lease and session life, how the steward's close
    runs, and the limits on what a request may cost (busy wait, body size, JSON depth,
    findings per decision)."""
    from review.web.app import ServerSettings

    section = review_section()
    return ServerSettings(store_path(store), section["lease_minutes"], section["session_hours"],
                          section["close_runs"], busy_timeout_seconds=section["busy_timeout_seconds"],
                          max_request_bytes=section["max_request_bytes"], max_json_depth=section["max_json_depth"],
                          max_findings_per_decision=section["max_findings_per_decision"])
