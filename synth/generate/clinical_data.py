"""clinical.yaml (vitals, labs and medication orders by code), loaded once: read by
measurements.py and drugs.py, so it sits below both."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

CLINICAL = Path(__file__).with_name("clinical.yaml")


@lru_cache(maxsize=1)
def clinical() -> dict:
    return yaml.safe_load(CLINICAL.read_text())
