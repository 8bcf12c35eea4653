"""Detectors shared by the deid detection tests: built once per test process (the spaCy
model and Presidio load once), whatever module asks first. They are built the way production
builds them: from the packaged configuration (chartforge.config.default_config), so the
tests run production's recognizers, not a smaller set."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=None)
def shared_detector():
    from chartforge.config import default_config
    from deid.detect import PhiDetector

    return PhiDetector(default_config())


@functools.lru_cache(maxsize=None)
def shared_verifier():
    from chartforge.config import default_config
    from deid.verify import VerificationDetector

    return VerificationDetector(default_config())


def found(spans, text: str) -> set[tuple[str, str]]:
    """(label, value) pairs of spans - test-side only, the product never slices text."""
    return {(s.label, text[s.start:s.end]) for s in spans}


def covered(spans, text: str, value: str) -> bool:
    """Every character of the first occurrence of ``value`` is inside some span."""
    start = text.index(value)
    end = start + len(value)
    return all(any(s.start <= i < s.end for s in spans) for i in range(start, end))


def analyze(recognizer, text: str) -> set[tuple[str, str]]:
    return {(r.entity_type, text[r.start:r.end]) for r in recognizer.analyze(text, None)}
