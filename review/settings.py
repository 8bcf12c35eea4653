"""The [review] configuration section, resolved: store path, sample and server settings.

Every function takes ``settings``, the validated tree (``chartforge.settings.Settings``) the
entry point loaded (``chartforge review ...`` passes ``get_config().settings``); None means
the packaged defaults, for library callers and tests. Nothing here reads the process config.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from chartforge.settings import Settings
from review.sampling import SampleSettings


def _tree(settings: Settings | None) -> Settings:
    return settings if settings is not None else Settings()


def review_section(settings: Settings | None = None) -> dict:
    return asdict(_tree(settings).review)


def store_path(override: str | Path | None = None, settings: Settings | None = None) -> Path:
    """--store, else [review] store, else <paths.work_dir>/review/review.sqlite."""
    if override:
        return Path(override)
    tree = _tree(settings)
    if tree.review.store:
        return Path(tree.review.store)
    return Path(tree.paths.work_dir) / "review" / "review.sqlite"


def sample_settings(seed: int | None = None, settings: Settings | None = None) -> SampleSettings:
    return SampleSettings.from_config(review_section(settings), seed=seed)


def server_settings(store: str | Path | None = None, settings: Settings | None = None):
    """The web UI's settings from [review]: lease and session life, how the steward's close
    runs, and the limits on what a request may cost (busy wait, body size, JSON depth,
    findings per decision)."""
    from review.web.app import ServerSettings

    section = review_section(settings)
    return ServerSettings(store_path(store, settings), section["lease_minutes"], section["session_hours"],
                          section["close_runs"], busy_timeout_seconds=section["busy_timeout_seconds"],
                          max_request_bytes=section["max_request_bytes"], max_json_depth=section["max_json_depth"],
                          max_findings_per_decision=section["max_findings_per_decision"])
