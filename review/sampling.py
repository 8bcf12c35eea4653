"""Draw the review sample of a de-identified batch (DESIGN.md, "Review and the residual-PHI gate").

* The **random sample** is stratified by ``source`` x ``note_type`` with proportional
  allocation (largest remainders, every stratum at least one record) and sized by
  :func:`review.bounds.required_sample_size`. Its first ``pilot_size`` records (again
  allocated proportionally) form the **pilot**, reviewed first so a bad batch fails fast.
* Every note with a verification flag that the random draw did not pick is queued as a
  **flag** item: reviewed on top of the sample, never counted in the bound (flagged notes
  are not a random draw, counting them would bias the rate).
* Deterministic: within a stratum, notes are ordered by sha256(seed, round, note_id), so
  the same seed and round give the same sample whatever the row order of the file.

Only ids and strata are read here; note text never leaves notes.parquet.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from chartforge.atomic import atomic_path
from chartforge.errors import ChartforgeError
from chartforge.contracts.files import FLAGS as FLAGS_FILE, NOTES as NOTES_FILE, REVIEW_SAMPLE
from review.batch_files import reading
from review.bounds import required_sample_size

PILOT, MAIN, FLAG = "pilot", "main", "flag"
RANDOM_REASON, FLAG_REASON = "random", "flag"
SAMPLE_FILE = REVIEW_SAMPLE


@dataclass(frozen=True)
class SampleSettings:
    target: float = 0.005
    confidence: float = 0.95
    pilot_size: int = 200
    planned_findings: int = 0
    finite_population_max: int = 20_000
    seed: int = 0

    @classmethod
    def from_config(cls, section: dict, seed: int | None = None) -> "SampleSettings":
        return cls(target=section["target_rate"], confidence=section["confidence"],
                   pilot_size=section["pilot_size"], planned_findings=section["planned_findings"],
                   finite_population_max=section["finite_population_max"],
                   seed=section["seed"] if seed is None else seed)


@dataclass(frozen=True)
class SampledNote:
    note_id: str
    stratum: str
    reason: str  # random | flag (contracts §3)
    phase: str   # pilot | main | flag


@dataclass
class SamplePlan:
    round_id: str
    population: int
    required: int
    notes: list[SampledNote]
    strata_sizes: dict[str, int]

    def count(self, phase: str) -> int:
        return sum(1 for n in self.notes if n.phase == phase)


def stratum_of(source: str | None, note_type: str | None) -> str:
    return f"{source or 'unknown'}/{note_type or 'unknown'}"


def allocate(strata_sizes: dict[str, int], total: int) -> dict[str, int]:
    """Proportional allocation of ``total`` draws, each non-empty stratum at least one,
    no stratum more than its size; remainders go to the largest fractional parts."""
    population = sum(strata_sizes.values())
    total = min(total, population)
    if total <= 0:
        return {s: 0 for s in strata_sizes}
    alloc = {s: min(size, max(1, math.floor(total * size / population))) if size else 0
             for s, size in strata_sizes.items()}
    # The minimum of one per stratum can overshoot a tiny total: trim the largest first.
    while sum(alloc.values()) > total and any(alloc[s] > 1 for s in alloc):
        biggest = max((s for s in alloc if alloc[s] > 1), key=lambda s: (alloc[s], s))
        alloc[biggest] -= 1
    remainders = sorted(strata_sizes, key=lambda s: (-(total * strata_sizes[s] / population - alloc[s]), s))
    while sum(alloc.values()) < total:
        progressed = False
        for s in remainders:
            if sum(alloc.values()) >= total:
                break
            if alloc[s] < strata_sizes[s]:
                alloc[s] += 1
                progressed = True
        if not progressed:
            break
    return alloc


def _order_key(seed: int, round_id: str, note_id: str) -> str:
    return hashlib.sha256(f"{seed}\x1f{round_id}\x1f{note_id}".encode()).hexdigest()


def read_strata(batch_dir: Path) -> dict[str, list[str]]:
    """note_ids per stratum, from the batch's notes.parquet (ids and strata only)."""
    with reading(batch_dir / NOTES_FILE):
        frame = pl.read_parquet(batch_dir / NOTES_FILE, columns=["note_id", "source", "note_type"])
    strata: dict[str, list[str]] = defaultdict(list)
    for note_id, source, note_type in frame.iter_rows():
        strata[stratum_of(source, note_type)].append(note_id)
    return dict(strata)


def read_flagged_ids(batch_dir: Path) -> set[str]:
    path = batch_dir / FLAGS_FILE
    if not path.exists():
        return set()
    with reading(path):
        return set(pl.read_parquet(path, columns=["note_id"])["note_id"].to_list())


def draw_sample(batch_dir: Path, settings: SampleSettings, round_id: str) -> SamplePlan:
    strata = read_strata(batch_dir)
    sizes = {s: len(ids) for s, ids in strata.items()}
    population = sum(sizes.values())
    required = required_sample_size(settings.target, settings.confidence, findings=settings.planned_findings,
                                    population=population,
                                    finite_population_max=settings.finite_population_max)
    total = min(population, max(settings.pilot_size, required))
    main_alloc = allocate(sizes, total)
    pilot_alloc = allocate({s: main_alloc[s] for s in sizes}, min(settings.pilot_size, total))
    notes: list[SampledNote] = []
    chosen: set[str] = set()
    for stratum in sorted(strata):
        ordered = sorted(strata[stratum], key=lambda nid: _order_key(settings.seed, round_id, nid))
        for position, note_id in enumerate(ordered[:main_alloc[stratum]]):
            phase = PILOT if position < pilot_alloc[stratum] else MAIN
            notes.append(SampledNote(note_id, stratum, RANDOM_REASON, phase))
            chosen.add(note_id)
    # Review order is the hash order across strata, so a half-done sample is still random.
    rank = {PILOT: 0, MAIN: 1}
    notes.sort(key=lambda n: (rank[n.phase], _order_key(settings.seed, round_id, n.note_id)))
    stratum_by_id = {nid: s for s, ids in strata.items() for nid in ids}
    for note_id in sorted(read_flagged_ids(batch_dir) - chosen):
        # A flag for a note that is not in notes.parquet is a broken batch, not a sample.
        if note_id not in stratum_by_id:
            raise ChartforgeError.make("E304", file=batch_dir / FLAGS_FILE, note_id=note_id)
        notes.append(SampledNote(note_id, stratum_by_id[note_id], FLAG_REASON, FLAG))
    return SamplePlan(round_id, population, required, notes, sizes)


def write_sample(batch_dir: Path, plan: SamplePlan) -> Path:
    """review_sample.parquet (contracts §3), replaced atomically for each new round."""
    frame = pl.DataFrame({
        "note_id": [n.note_id for n in plan.notes],
        "stratum": [n.stratum for n in plan.notes],
        "reason": [n.reason for n in plan.notes],
        "phase": [n.phase for n in plan.notes],
        "round_id": [plan.round_id] * len(plan.notes),
    }, schema={"note_id": pl.String, "stratum": pl.String, "reason": pl.String,
               "phase": pl.String, "round_id": pl.String})
    target = batch_dir / SAMPLE_FILE
    with atomic_path(target) as tmp:
        frame.write_parquet(tmp)
    return target
