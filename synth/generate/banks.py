"""Phrase banks: the wordings clinicians vary (exam findings, ROS, narrative details, plans,
medication sigs), kept as YAML files in ``banks/`` so they grow without code changes.

A bank is a mapping; every leaf that is a list must hold strings in the grammar of
``grammar.expand`` ({a|b} choices, {slot}s). A file that does not parse or has another shape
fails with E506 naming the file and the key, never a silent empty bank.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from chartforge.errors import ChartforgeError

BANKS = Path(__file__).with_name("banks")


def _check(value, file: Path, where: str) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _check(item, file, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        if not value:
            raise ChartforgeError.make("E506", file=file, reason=f"'{where}' is an empty list")
        for i, item in enumerate(value):
            if isinstance(item, (dict, list)):
                _check(item, file, f"{where}[{i}]")
            elif not isinstance(item, str):
                # YAML turns a bare `no` or `yes` into a boolean: a wording must be quoted
                raise ChartforgeError.make("E506", file=file, reason=f"'{where}[{i}]' is not a string")
            elif item.count("{") != item.count("}"):
                raise ChartforgeError.make("E506", file=file, reason=f"'{where}[{i}]' has unbalanced braces")
    elif not isinstance(value, (str, int, float)):
        raise ChartforgeError.make("E506", file=file, reason=f"'{where}' has an unsupported value type")


def load_file(path: str | Path) -> dict:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ChartforgeError.make("E506", file=path, reason=f"cannot be read ({type(exc).__name__})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "unknown line"
        raise ChartforgeError.make("E506", file=path, reason=f"not valid YAML ({where})") from None
    if not isinstance(data, dict):
        raise ChartforgeError.make("E506", file=path, reason="top level is not a mapping")
    _check(data, path, "")
    return data


@lru_cache(maxsize=16)
def load(name: str) -> dict:
    """The bank ``banks/<name>.yaml`` (cached for the process)."""
    return load_file(BANKS / f"{name}.yaml")


def matching(table: dict, codes: list[str]) -> list:
    """Values of ``table`` (code prefix -> value) whose prefix one of ``codes`` starts with, in
    prefix order. Looks up each code's own prefixes (a few) rather than scanning the table."""
    hits = {code[:k] for code in codes for k in range(1, len(code) + 1) if code[:k] in table}
    return [table[prefix] for prefix in sorted(hits)]


def most_specific(table: dict, code: str):
    """The value of ``table``'s longest code prefix that ``code`` starts with, or None
    (stay.yaml, ages.yaml: "I63" for I63.9 before a chapter letter "I")."""
    prefixes = [prefix for prefix in table if code.startswith(prefix)]
    return table[max(prefixes, key=len)] if prefixes else None
