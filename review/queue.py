"""The review queue's rules on top of a store: rounds, pilot-first ordering, progress.

The store knows items, leases and decisions; this module knows what they mean: the
pilot is served first and the main sample only once the pilot passed (a pilot with too
much residual PHI stops the random review: the gate already failed), flagged notes come
after the random sample, and an item is complete once it has its required reviews.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from chartforge.atomic import sha256_file
from chartforge.errors import ChartforgeError
from chartforge.contracts.files import MANIFEST as MANIFEST_FILE, NOTES as NOTES_FILE
import polars as pl

from review.batch_files import reading
from review.sampling import FLAG, MAIN, PILOT, SAMPLE_FILE, SampleSettings, draw_sample, write_sample
from review.store.base import ItemSpec, QueueItem, ReviewStore, RoundInfo


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class ItemState:
    item: QueueItem
    reviews: int
    has_phi: bool
    completed_at: str | None  # when the last required review arrived

    @property
    def complete(self) -> bool:
        return self.reviews >= self.item.required_reviews


def batch_id_of(batch_dir: Path) -> str:
    """The batch id from manifest.json (as the corpus build reads it), else the directory name."""
    manifest = Path(batch_dir) / MANIFEST_FILE
    if manifest.is_file():
        try:
            batch_id = json.loads(manifest.read_text(encoding="utf-8")).get("batch_id")
        except (OSError, ValueError, AttributeError):
            batch_id = None
        if batch_id:
            return str(batch_id)
    return Path(batch_dir).resolve().name


def notes_fingerprint(batch_dir: Path) -> str:
    """sha256 of notes.parquet: a round's reviews only speak for the notes they sampled."""
    with reading(Path(batch_dir) / NOTES_FILE):
        return sha256_file(Path(batch_dir) / NOTES_FILE)


def check_batch(batch_dir: Path) -> Path:
    batch_dir = Path(batch_dir)
    if not (batch_dir / NOTES_FILE).is_file():
        raise ChartforgeError.make("E303", batch=batch_dir)
    return batch_dir


def open_round(store: ReviewStore, batch_dir: Path, settings: SampleSettings, reviewers_per_record: int,
               actor: str, pilot_max_rate: float):
    """Draw a new sample round for the batch; an earlier open round is closed (its reviews
    stay in the store and the audit log, the gate reads the latest round)."""
    batch_dir = check_batch(batch_dir)
    batch_id = batch_id_of(batch_dir)
    earlier = store.list_rounds(batch_id)
    round_id = f"{batch_id[:16]}-r{len(earlier) + 1}"
    plan = draw_sample(batch_dir, settings, round_id)
    if _sample_round(batch_dir) != round_id:  # the deid flow may have drawn this very round
        write_sample(batch_dir, plan)
    info = RoundInfo(round_id=round_id, batch_id=batch_id, batch_dir=str(batch_dir.resolve()),
                     population=plan.population, required=plan.required,
                     settings={"target": settings.target, "confidence": settings.confidence,
                               "pilot_size": settings.pilot_size, "pilot_max_rate": pilot_max_rate,
                               "planned_findings": settings.planned_findings, "seed": settings.seed,
                               "finite_population_max": settings.finite_population_max,
                               "reviewers_per_record": reviewers_per_record,
                               "notes_sha256": notes_fingerprint(batch_dir)})
    items = [ItemSpec(n.note_id, n.stratum, n.reason, n.phase) for n in plan.notes]
    # One transaction: the new round and the closing of the batch's open one (a crash leaves
    # either the old queue or the new one, never two open rounds or a half-written one).
    store.create_round(info, items, reviewers_per_record, actor,
                       supersede=tuple(r.round_id for r in earlier if r.status == "open"))
    return store.get_round(round_id), plan


def _sample_round(batch_dir: Path) -> str | None:
    path = batch_dir / SAMPLE_FILE
    if not path.is_file():
        return None
    with reading(path):
        rounds = pl.read_parquet(path, columns=["round_id"])["round_id"].unique().to_list() \
            if "round_id" in pl.read_parquet_schema(path) else []
    return rounds[0] if len(rounds) == 1 else None


def latest_round(store: ReviewStore, batch_dir: Path) -> RoundInfo:
    rounds = store.list_rounds(batch_id_of(batch_dir))
    if not rounds:
        raise ChartforgeError.make("E305", batch=batch_dir)
    return rounds[-1]


def item_states(store: ReviewStore, round_id: str) -> list[ItemState]:
    by_item = defaultdict(list)
    for decision in store.decisions(round_id):
        by_item[decision.item_id].append(decision)
    states = []
    for item in store.items(round_id):
        decisions = by_item.get(item.item_id, [])
        done_at = decisions[item.required_reviews - 1].decided_at if len(decisions) >= item.required_reviews else None
        states.append(ItemState(item, len(decisions), any(d.verdict == "phi" for d in decisions), done_at))
    return states


@dataclass(frozen=True)
class PilotState:
    size: int
    reviewed: int
    findings: int
    allowed: int  # findings the pilot tolerates (pilot_max_rate x size, rounded down)

    @property
    def failed(self) -> bool:
        return self.findings > self.allowed

    @property
    def passed(self) -> bool:
        return self.reviewed == self.size and not self.failed


def pilot_state(states: list[ItemState], round_info: RoundInfo) -> PilotState:
    pilot = [s for s in states if s.item.phase == PILOT]
    done = [s for s in pilot if s.complete]
    allowed = int(round_info.settings["pilot_max_rate"] * len(pilot) + 1e-9)
    return PilotState(len(pilot), len(done), sum(s.has_phi for s in done), allowed)


def allowed_phases(pilot: PilotState) -> tuple[str, ...]:
    if pilot.failed:
        return (FLAG,)  # fail fast: the gate failed, only flagged notes are still worth a look
    if pilot.passed:
        return (MAIN, FLAG)
    return (PILOT, FLAG)


def next_item(store: ReviewStore, username: str, lease_seconds: int,
              round_id: str | None = None) -> QueueItem | None:
    """The next item for this reviewer across open rounds (oldest round first), leased to them."""
    rounds = [store.get_round(round_id)] if round_id else store.list_rounds()
    for info in rounds:
        if info is None or info.status != "open":
            continue
        phases = allowed_phases(pilot_state(item_states(store, info.round_id), info))
        item = store.next_item(info.round_id, username, phases, lease_seconds, now_iso())
        if item is not None:
            return item
    return None


@dataclass(frozen=True)
class Progress:
    round_id: str | None
    total: int      # items in open rounds
    complete: int   # items with all their reviews
    mine: int       # decisions by this reviewer

    @property
    def percent(self) -> float:
        return 100.0 * self.complete / self.total if self.total else 100.0


def progress(store: ReviewStore, username: str) -> Progress:
    open_rounds = [r for r in store.list_rounds() if r.status == "open"]
    total = complete = mine = 0
    for info in open_rounds:
        states = item_states(store, info.round_id)
        pilot = pilot_state(states, info)
        # Items the queue will never serve (main sample after a failed pilot) are not "to do".
        live = [s for s in states if not (pilot.failed and s.item.phase == MAIN)]
        total += len(live)
        complete += sum(s.complete for s in live)
        mine += sum(1 for d in store.decisions(info.round_id) if d.username == username)
    return Progress(open_rounds[0].round_id if open_rounds else None, total, complete, mine)
