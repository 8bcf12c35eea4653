"""The residual-PHI gate: from the reviews of a round to BATCH/gate.json (contracts §3).

* **failed** when the pilot found more residual PHI than it tolerates (fail fast), or when
  the round is closed, or the random sample is exhausted, with the bound still at or above
  the target;
* **passed** when the upper bound over the reviewed random records is below the target;
* **pending** otherwise (more reviews needed).

Flagged notes are reported beside the bound but never inside it: they were not drawn at
random. The corpus build refuses any batch whose gate.json is not ``passed``. Only a passed
gate opens the batch's files without PHI to other users; any other result closes it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from chartforge.atomic import write_json
from chartforge.contracts.files import GATE as GATE_FILE
from deid.batch_access import close_batch, open_batch
from review.bounds import Bound, compute_bound
from review.queue import PilotState, item_states, latest_round, notes_fingerprint, now_iso, pilot_state
from review.sampling import FLAG
from review.store.base import ReviewStore, RoundInfo

PASSED, FAILED, PENDING = "passed", "failed", "pending"
HISTORY_POINTS = 60  # the steward's chart: enough points to see the bound narrow


@dataclass
class GateResult:
    status: str
    reason: str
    round: RoundInfo
    bound: Bound
    pilot: PilotState
    sample_size: int
    flag_reviewed: int
    flag_findings: int
    disagreements: int
    strata: list[dict] = field(default_factory=list)
    history: list[tuple[int, float]] = field(default_factory=list)

    def to_gate_json(self, decided_by: str) -> dict:
        """contracts §3 keys first; the rest is evidence for the corpus manifest."""
        return {
            "status": self.status, "reviewed": self.bound.reviewed, "findings": self.bound.findings,
            "upper_bound": self.bound.upper_bound, "target": self.bound.target,
            "confidence": self.bound.confidence, "decided_at": now_iso(), "decided_by": decided_by,
            "reason": self.reason, "method": self.bound.method, "population": self.bound.population,
            "sample_size": self.sample_size, "round_id": self.round.round_id, "batch_id": self.round.batch_id,
            "pilot": asdict(self.pilot), "flag_reviewed": self.flag_reviewed,
            "flag_findings": self.flag_findings, "disagreements": self.disagreements,
        }


def _bound(info: RoundInfo, findings: int, reviewed: int) -> Bound:
    s = info.settings
    return compute_bound(findings, reviewed, target=s["target"], confidence=s["confidence"],
                         population=info.population, finite_population_max=s["finite_population_max"])


def evaluate(store: ReviewStore, round_id: str, with_history: bool = False) -> GateResult:
    info = store.get_round(round_id)
    states = item_states(store, round_id)
    random_states = [s for s in states if s.item.phase != FLAG]
    done = sorted((s for s in random_states if s.complete), key=lambda s: s.completed_at)
    findings = sum(s.has_phi for s in done)
    bound = _bound(info, findings, len(done))
    pilot = pilot_state(states, info)
    flags = [s for s in states if s.item.phase == FLAG and s.complete]
    disagreements = _disagreements(store, round_id)
    exhausted = len(done) == len(random_states)
    if pilot.failed:
        status = FAILED
        reason = f"pilot: {pilot.findings} of {pilot.reviewed} reviewed records still contain PHI " \
                 f"(more than {pilot.allowed} allowed in {pilot.size})"
    elif bound.below_target:
        status, reason = PASSED, f"upper bound {bound.upper_bound:.5f} < target {bound.target}"
    elif exhausted or info.status == "closed":
        status = FAILED
        reason = f"upper bound {bound.upper_bound:.5f} >= target {bound.target} " \
                 f"after {len(done)} of {len(random_states)} sampled records"
    else:
        status = PENDING
        reason = f"{len(done)} of {len(random_states)} sampled records reviewed"
    result = GateResult(status, reason, info, bound, pilot, len(random_states), len(flags),
                        sum(s.has_phi for s in flags), disagreements, _strata(states))
    if with_history:
        result.history = _history(info, done)
    return result


def _disagreements(store: ReviewStore, round_id: str) -> int:
    verdicts = defaultdict(set)
    for decision in store.decisions(round_id):
        verdicts[decision.item_id].add(decision.verdict)
    return sum(len(v) > 1 for v in verdicts.values())


def _strata(states) -> list[dict]:
    rows: dict[str, dict] = {}
    for s in states:
        row = rows.setdefault(s.item.stratum, {"stratum": s.item.stratum, "sampled": 0, "reviewed": 0,
                                                "findings": 0, "flagged": 0, "flag_findings": 0})
        if s.item.phase == FLAG:
            row["flagged"] += 1
            row["flag_findings"] += int(s.complete and s.has_phi)
        else:
            row["sampled"] += 1
            row["reviewed"] += int(s.complete)
            row["findings"] += int(s.complete and s.has_phi)
    return [rows[k] for k in sorted(rows)]


def _history(info: RoundInfo, done) -> list[tuple[int, float]]:
    """(reviewed, upper bound) as reviews arrived, thinned to about HISTORY_POINTS points."""
    if not done:
        return []
    step = max(1, -(-len(done) // HISTORY_POINTS))  # ceiling: at most HISTORY_POINTS points
    points, findings = [], 0
    for n, state in enumerate(done, start=1):
        findings += state.has_phi
        if n % step == 0 or n == len(done):
            points.append((n, _bound(info, findings, n).upper_bound))
    return points


def run_gate(store: ReviewStore, batch_dir: Path, decided_by: str,
             flow_run_id: str | None = None) -> tuple[GateResult, dict]:
    """Evaluate the batch's latest round, audit the decision, then write gate.json atomically.

    In that order: gate.json never says more than the audit log recorded (if the audit
    write fails, no new gate.json; if writing gate.json fails, the batch has no passed gate).
    If notes.parquet changed since the round was drawn (the batch was re-run), the reviews
    say nothing about the new notes: the gate fails until a new round is sampled."""
    info = latest_round(store, batch_dir)
    result = evaluate(store, info.round_id)
    sampled = info.settings.get("notes_sha256")
    if sampled and sampled != notes_fingerprint(batch_dir):
        result.status = FAILED
        result.reason = "notes.parquet changed since this round was sampled: run `chartforge review sample` again"
    payload = result.to_gate_json(decided_by)
    if flow_run_id:
        payload["flow_run_id"] = flow_run_id
    store.audit(decided_by, f"gate_{result.status}", round_id=info.round_id,
                detail=json.dumps({k: payload[k] for k in ("reviewed", "findings", "upper_bound", "target")}))
    write_json(Path(batch_dir) / GATE_FILE, payload)
    _set_access(Path(batch_dir), result.status == PASSED)
    return result, payload


def _set_access(batch_dir: Path, passed: bool) -> None:
    """Only a passed gate opens the batch's non-PHI files (deid.batch_access). A batch owned
    by someone else keeps its modes: the gate's decision is recorded either way."""
    try:
        (open_batch if passed else close_batch)(batch_dir)
    except PermissionError:
        pass
