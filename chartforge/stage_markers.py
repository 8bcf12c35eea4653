"""Resumable stages: a stage whose inputs (by content hash) are unchanged is skipped.

After a stage writes its outputs (atomically) it writes ``markers/<stage>.json`` with the
hash of its inputs, the sha256 of each output and its counts. A run killed before the marker
is written simply redoes that stage, overwriting its outputs: no loss, no duplicates. Counts
in markers are numbers per label only, never note content.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Callable

from chartforge.atomic import sha256_file, write_json
from chartforge.errors import ChartforgeError

FAIL_AT_ENV = "CHARTFORGE_DEID_FAIL_AT"  # test hook: fail this stage after its outputs, before its marker


def inputs_hash(stage: str, inputs: list[Path], extra: str = "") -> str:
    digest = hashlib.sha256(f"{stage}\x1f{extra}".encode("utf-8"))
    for path in sorted(inputs, key=str):
        digest.update(f"\x1f{path.name}\x1f{sha256_file(path)}".encode("utf-8"))
    return digest.hexdigest()


MARKERS_DIR = "markers"
MARKER_SUFFIX = ".json"


def _marker(work: Path, stage: str) -> Path:
    return work / MARKERS_DIR / f"{stage}{MARKER_SUFFIX}"


def marker_files(work: Path, prefix: str = "") -> list[Path]:
    """The markers of finished stages whose name starts with ``prefix``, sorted."""
    folder = work / MARKERS_DIR
    return sorted(folder.glob(f"{prefix}*{MARKER_SUFFIX}")) if folder.is_dir() else []


def _name(work: Path, path: Path) -> str:
    """Outputs inside the work dir are recorded relative to it, others (the batch) absolute."""
    try:
        return str(Path(path).relative_to(work))
    except ValueError:
        return str(Path(path).resolve())


def completed(work: Path, stage: str, input_hash: str) -> dict | None:
    """The marker of a finished stage with these inputs whose outputs are intact, else None."""
    marker = _marker(work, stage)
    if not marker.is_file():
        return None
    record = json.loads(marker.read_text(encoding="utf-8"))
    if record.get("inputs") != input_hash:
        return None
    for name, digest in record["outputs"].items():
        path = work / name  # an absolute name stays absolute
        if not path.is_file() or sha256_file(path) != digest:
            return None
    return record


def run_stage(work: Path, stage: str, inputs: list[Path], outputs: Callable[[], list[Path]],
              body: Callable[[], dict], extra: str = "") -> dict:
    """Run ``body`` unless a marker proves it already ran on the same inputs.

    ``outputs`` is called after ``body`` to list the files it produced. Returns the marker record, with ``skipped`` telling whether it ran.
    """
    input_hash = inputs_hash(stage, inputs, extra)
    record = completed(work, stage, input_hash)
    if record is not None:
        return {**record, "skipped": True}
    started, cpu_started = time.time(), time.thread_time()
    counts = body()
    if os.environ.get(FAIL_AT_ENV) and stage.startswith(os.environ[FAIL_AT_ENV]):
        raise ChartforgeError.make("E252", stage=stage)
    record = {
        "stage": stage,
        "inputs": input_hash,
        "outputs": {_name(work, p): sha256_file(p) for p in outputs()},
        "counts": counts,
        # Timing for bench/scale.py's time per stage (wall span of a stage's chunks, CPU of each).
        "started": round(started, 3),
        "seconds": round(time.time() - started, 3),
        "cpu_seconds": round(time.thread_time() - cpu_started, 3),
    }
    write_json(_marker(work, stage), record, file_mode=0o600)
    return {**record, "skipped": False}
