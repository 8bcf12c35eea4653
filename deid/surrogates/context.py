"""Per-patient surrogate context: the keyed random sources every surrogate kind draws from."""

from __future__ import annotations

import datetime as dt
import random
import threading
from dataclasses import dataclass, field

from faker import Faker

from deid.surrogates.keys import date_offset_days, derive_int

_local = threading.local()


def _thread_faker() -> Faker:
    # Faker instances are not thread-safe when re-seeded; Prefect's thread pool maps chunks
    # concurrently, so each thread keeps its own (building one costs ~0.3 s, once per thread).
    faker = getattr(_local, "faker", None)
    if faker is None:
        faker = _local.faker = Faker("en_US")
    return faker


@dataclass
class SurrogateContext:
    """What a surrogate needs to know about the note it replaces PHI in.

    ``mrn_map`` holds the batch-level real MRN -> synthetic MRN map (keys normalised by
    :func:`deid.surrogates.identifiers.normalize_id`); ``reference_date`` anchors dates
    written without a year (the note's own date when known).
    """

    key: bytes
    patient_id: str
    date_shift: tuple[int, int] = (-365, -30)
    mrn_map: dict[str, str] = field(default_factory=dict)
    reference_date: dt.date | None = None

    @property
    def offset_days(self) -> int:
        return date_offset_days(self.key, self.patient_id, *self.date_shift)

    def seed(self, kind: str, value: str, attempt: int = 0) -> int:
        """A seed fixed by (key, patient, kind, value): same real value -> same surrogate."""
        return derive_int(self.key, "surrogate", self.patient_id, kind, value, str(attempt))

    def rng(self, kind: str, value: str, attempt: int = 0) -> random.Random:
        return random.Random(self.seed(kind, value, attempt))

    def faker(self, kind: str, value: str, attempt: int = 0) -> Faker:
        faker = _thread_faker()
        faker.seed_instance(self.seed(kind, value, attempt))
        return faker
