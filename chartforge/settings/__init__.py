"""One settings tree: ``Settings`` (frozen dataclasses per section) built from a configuration.

    from chartforge.settings import build_settings
    settings = build_settings(config)          # a chartforge.config.Config or its plain dict
    settings.deid.recognizers, settings.codebooks.retrieval.encoder ...

Defaults are written once, in :mod:`chartforge.settings.sections`; the packaged TOML documents
them (a test keeps the two equal). ``build_settings`` checks every value's type and range and
raises E006 naming the dotted key, so a bad value fails at load time instead of deep in a stage.
"""

from __future__ import annotations

from dataclasses import asdict

from chartforge.settings.build import build_settings, settings_dict
from chartforge.settings.sections import DEFAULT_RECOGNIZERS, Settings

__all__ = ["DEFAULT_RECOGNIZERS", "Settings", "asdict", "build_settings", "default_settings", "settings_dict"]


def default_settings() -> Settings:
    return Settings()
