"""Data files (YAML/JSON) kept beside the code that reads them, loaded once per process."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import yaml


@functools.lru_cache(maxsize=None)
def load_data(path: str | Path) -> dict | list:
    """Parse a YAML or JSON data file. Cached: recognizers and workers share one copy."""
    path = Path(path)
    with open(path, encoding="utf-8") as handle:
        if path.suffix == ".json":
            return json.load(handle)
        return yaml.safe_load(handle)


def data_file(module_file: str, name: str) -> Path:
    """``name`` in the directory of ``module_file`` (a module's ``__file__``)."""
    return Path(module_file).resolve().parent / name
