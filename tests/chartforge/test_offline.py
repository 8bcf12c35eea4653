"""The offline defaults: set for every command before Prefect or a model loads; the user's
own values win."""

from __future__ import annotations

from chartforge import offline


def test_defaults_fill_in_but_never_override(monkeypatch):
    monkeypatch.delenv("PREFECT_SERVER_LOGGING_LEVEL", raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    offline.configure_offline_environment()
    import os

    # The temporary server's shutdown noise (a cancelled event write) never reaches a CLI user.
    assert os.environ["PREFECT_SERVER_LOGGING_LEVEL"] == "CRITICAL"
    assert os.environ["HF_HUB_OFFLINE"] == "0"
