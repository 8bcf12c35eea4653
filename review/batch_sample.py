"""The deid flow's review step: draw the first review round of a batch being published.

Runs inside the deid flow's work area (flows/deid.py calls it between the surrogate and
publish stages) on a batch-shaped folder of ids and strata only - no note text - and
writes ``review/review_sample.parquet``, which the publish stage copies into the batch.
It lives in ``review`` (the sampler's package) so that ``deid`` never imports ``review``:
review sits above deid (docs/architecture.md).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, is_dataclass
from pathlib import Path

from chartforge.contracts import files
from chartforge.contracts.io import read_rows, write_rows
from chartforge.contracts.schemas import REVIEW_FLAGS, REVIEW_NOTES
from chartforge.settings.sections import ReviewSection
from chartforge.stage_markers import run_stage
from deid.batch_plan import load_plan
from deid.pipeline_steps import chunk_count, chunk_dir
from review.sampling import SampleSettings, draw_sample, write_sample


def _chunk_files(work: Path, name: str) -> list[Path]:
    return [chunk_dir(work, c) / name for c in range(chunk_count(work))]


def _draw_review_sample(folder: Path, notes: list[dict], flagged: set[str], batch_id: str,
                        review_section: dict) -> None:
    """The reviewers' sampler, first round, on a batch-shaped dir of ids only."""
    write_rows(folder / files.NOTES, notes, REVIEW_NOTES)
    write_rows(folder / files.FLAGS, [{"note_id": i} for i in sorted(flagged)], REVIEW_FLAGS)
    round_id = f"{batch_id[:16]}-r1"  # review.queue numbers its rounds the same way
    write_sample(folder, draw_sample(folder, SampleSettings.from_config(review_section), round_id))


def review_stage(work: Path, review_section: dict | None = None) -> dict:
    """Draw the sample (a resumable stage: skipped when its inputs are unchanged).

    ``review_section`` is the ``[review]`` section the flow passes (a dict, or the settings
    tree's ``ReviewSection``); None means the packaged defaults.
    """
    if review_section is None or is_dataclass(review_section):
        review_section = asdict(review_section if review_section is not None else ReviewSection())
    inputs = _chunk_files(work, files.DEID_NOTES) + _chunk_files(work, files.FLAGS)
    folder = work / "review"

    def body() -> dict:
        plan = load_plan(work)
        columns = ["note_id", "source", "note_type"]  # ids and strata only: never the text
        notes = [n for path in _chunk_files(work, files.DEID_NOTES) for n in read_rows(path, columns)]
        flagged = {f["note_id"] for path in _chunk_files(work, files.FLAGS) for f in read_rows(path, ["note_id"])}
        folder.mkdir(exist_ok=True, mode=0o700)
        _draw_review_sample(folder, notes, flagged, plan.batch_id, review_section)
        rows = read_rows(folder / files.REVIEW_SAMPLE)
        reasons = Counter(r["reason"] for r in rows)
        return {"random": reasons["random"], "flag": reasons["flag"],
                "strata": len({r["stratum"] for r in rows})}

    return run_stage(work, "review", inputs, lambda: [folder / files.REVIEW_SAMPLE], body)
