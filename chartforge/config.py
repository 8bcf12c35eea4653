"""Configuration: packaged defaults <- a user file <- environment variables.

* Defaults live in ``chartforge/chartforge.toml`` beside this module; every key is
  documented there.
* A user file overrides any subset of keys: ``--config FILE`` on the CLI, else
  ``$CHARTFORGE_CONFIG``, else ``./chartforge.toml`` in the working directory if present.
* Environment variables override single keys: ``CHARTFORGE__<SECTION>__<KEY>=value``
  (double underscores; nested tables add more parts). The value is parsed as TOML
  (``8``, ``true``, ``["a", "b"]``) and falls back to a plain string.

Unknown keys are an error, so a typo never silently falls back to a default, and every
value is checked against the settings tree (chartforge/settings/): a bad one is E006 naming
its key. ``config.settings`` is that validated, frozen tree: pass it (or a section of it) down.
"""

from __future__ import annotations

import copy
import os
import tomllib
from pathlib import Path
from typing import Any

from chartforge.errors import ChartforgeError

DEFAULTS_PATH = Path(__file__).with_name("chartforge.toml")
ENV_PREFIX = "CHARTFORGE__"
ENV_CONFIG_FILE = "CHARTFORGE_CONFIG"


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ChartforgeError.make("E001", path=path, reason=exc) from None


def _merge(base: dict, override: dict, origin: str, trail: str = "") -> None:
    for key, value in override.items():
        dotted = f"{trail}{key}"
        if key not in base:
            raise ChartforgeError.make("E002", key=dotted, origin=origin, known=", ".join(sorted(base)))
        if isinstance(base[key], dict) and isinstance(value, dict):
            _merge(base[key], value, origin, f"{dotted}.")
        else:
            base[key] = value


def _parse_env_value(raw: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def _env_overrides(environ: dict[str, str]) -> dict:
    tree: dict = {}
    for var, raw in sorted(environ.items()):
        if not var.startswith(ENV_PREFIX):
            continue
        parts = [p.lower() for p in var[len(ENV_PREFIX):].split("__") if p]
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = _parse_env_value(raw)
    return tree


class Config:
    """Resolved configuration. ``config["deid"]["mode"]`` or ``config.get("deid.mode")``."""

    def __init__(self, data: dict, sources: list[str]):
        self.data = data
        self.sources = sources
        self._settings = None

    @property
    def settings(self):
        """The validated settings tree (chartforge.settings.Settings) of this configuration."""
        if self._settings is None:
            from chartforge.settings import build_settings

            self._settings = build_settings(self.data)
        return self._settings

    def __getitem__(self, section: str) -> dict:
        return self.data[section]

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def as_dict(self) -> dict:
        return copy.deepcopy(self.data)


def load_config(path: str | os.PathLike | None = None, environ: dict[str, str] | None = None) -> Config:
    environ = dict(os.environ if environ is None else environ)
    data = _read_toml(DEFAULTS_PATH)
    sources = [str(DEFAULTS_PATH)]
    user_file = path or environ.get(ENV_CONFIG_FILE)
    if not user_file and Path("chartforge.toml").is_file():
        user_file = "chartforge.toml"
    if user_file:
        user_path = Path(user_file)
        if not user_path.is_file():
            raise ChartforgeError.make("E004", path=user_path)
        _merge(data, _read_toml(user_path), str(user_path))
        sources.append(str(user_path))
    env_tree = _env_overrides(environ)
    if env_tree:
        _merge(data, env_tree, "environment")
        sources.append("environment")
    config = Config(data, sources)
    config.settings  # validate now: a bad value is E006 at startup, not deep inside a stage
    return config


def default_config() -> Config:
    """The packaged defaults alone (no user file, no environment): what tests build on."""
    return load_config(path=None, environ={"CHARTFORGE_CONFIG": str(DEFAULTS_PATH)})


_active: Config | None = None


def get_config() -> Config:
    """The process-wide configuration (loaded on first use; the CLI sets it from --config)."""
    global _active
    if _active is None:
        _active = load_config()
    return _active


def set_config(config: Config) -> None:
    global _active
    _active = config
