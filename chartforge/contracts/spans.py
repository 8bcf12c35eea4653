"""The Span data contract (DESIGN.md): character offsets, a HIPAA label, a score, the detector.

A Span never holds the PHI string itself, so it is safe to log, count and serialize;
slice ``text[span.start:span.end]`` only inside the protected work area.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# HIPAA Safe Harbor identifiers as chartforge labels (DESIGN.md, "Categories").
LABELS = (
    "NAME", "DATE", "AGE_OVER_89", "LOCATION", "PHONE", "FAX", "EMAIL", "SSN", "MRN",
    "HEALTH_PLAN", "ACCOUNT", "LICENSE", "VEHICLE", "DEVICE", "URL", "IP", "OTHER_ID",
)


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    label: str
    score: float = 1.0
    source: str = ""

    def __post_init__(self):
        if self.label not in LABELS:
            raise ValueError(f"unknown PHI label {self.label!r}")
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad span offsets {self.start}..{self.end}")

    def to_json(self) -> dict:
        return asdict(self)
