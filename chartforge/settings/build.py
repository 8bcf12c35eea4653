"""Build and validate the settings tree from a merged configuration dict (E006 on a bad value)."""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

from chartforge.errors import ChartforgeError
from chartforge.settings.sections import Settings


def _bad(key: str, value: Any, reason: str) -> ChartforgeError:
    return ChartforgeError.make("E006", key=key, value=value, reason=reason)


def _coerce(key: str, value: Any, kind: Any) -> Any:
    """``value`` as the field's type ``kind`` (int is accepted for float); else E006."""
    origin = typing.get_origin(kind)
    if origin is list:
        if not isinstance(value, (list, tuple)):
            raise _bad(key, value, "must be a list")
        (item,) = typing.get_args(kind)
        return [_coerce(f"{key}[{i}]", v, item) for i, v in enumerate(value)]
    if kind is bool:
        if not isinstance(value, bool):
            raise _bad(key, value, "must be true or false")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _bad(key, value, "must be an integer")
        return value
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _bad(key, value, "must be a number")
        return float(value) if isinstance(value, int) else value
    if kind is str:
        if not isinstance(value, str):
            raise _bad(key, value, "must be a string")
        return value
    raise TypeError(f"unsupported settings type {kind!r} for {key}")


def _build(cls: type, section: dict, trail: str):
    hints = typing.get_type_hints(cls)
    values = {}
    for spec in dataclasses.fields(cls):
        key = f"{trail}{spec.name}"
        if spec.name not in section:
            continue
        value = section[spec.name]
        kind = hints[spec.name]
        if dataclasses.is_dataclass(kind):
            if not isinstance(value, dict):
                raise _bad(key, value, "must be a table")
            values[spec.name] = _build(kind, value, f"{key}.")
            continue
        value = _coerce(key, value, kind)
        check = spec.metadata.get("check")
        if check and not check[0](value):
            raise _bad(key, value, check[1])
        values[spec.name] = value
    unknown = sorted(set(section) - {f.name for f in dataclasses.fields(cls)})
    if unknown:
        raise ChartforgeError.make("E002", key=f"{trail}{unknown[0]}", origin="settings",
                                   known=", ".join(f.name for f in dataclasses.fields(cls)))
    return cls(**values)


def build_settings(config: Any = None) -> Settings:
    """The validated tree from a ``Config``, its plain dict, or None (the defaults)."""
    if config is None:
        return Settings()
    data = config.data if hasattr(config, "data") else config
    return _build(Settings, data, "")


def settings_dict(settings: Settings) -> dict:
    """The tree as nested plain dicts (the shape of the TOML)."""
    return dataclasses.asdict(settings)
