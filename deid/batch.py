"""The end of the deid chain: gold evaluation and the published batch (the review sample is
drawn by review/batch_sample.py, which the flow runs before publishing).

Publishing writes ``<batches_dir>/<batch_id>/`` (contracts §3) into a temporary sibling
directory and renames it into place, so a batch directory is always complete.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from collections import Counter
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from chartforge.atomic import write_json
from chartforge.contracts import files
from chartforge.contracts import files as contract_files
from chartforge.stage_markers import marker_files
from chartforge.contracts.files import MANIFEST as MANIFEST_FILE, NOTES as NOTES_FILE
from deid.batch_access import close_batch
from deid.batch_plan import check_site_lexicon_unchanged, load_plan, plan_config
from deid.batch_schema import DEID_NOTES, FLAGS, QUARANTINE, concat_files, read_rows, write_rows
from deid.gold_eval import evaluate, read_gold
from deid.pipeline_steps import INGEST_DIR, CHUNKS_DIR, chunk_count, chunk_dir
from deid.stage_markers import run_stage

REVIEW_FILE = files.REVIEW_SAMPLE  # written by review/batch_sample.py into work/review/
GOLD_FILE = contract_files.GOLD_EVAL


def _chunk_files(work: Path, name: str) -> list[Path]:
    return [chunk_dir(work, c) / name for c in range(chunk_count(work))]


def gold_stage(work: Path) -> dict | None:
    plan = load_plan(work)
    if not plan.gold:
        return None
    inputs = [Path(plan.gold)] + _chunk_files(work, contract_files.SPANS) + _chunk_files(work, contract_files.DEID_NOTES)

    def body() -> dict:
        originals, detected, outputs = {}, {}, {}
        for c in range(chunk_count(work)):
            originals.update((n["note_id"], n["text"]) for n in read_rows(chunk_dir(work, c) / NOTES_FILE))
            detected.update((r["note_id"], r["spans"]) for r in read_rows(chunk_dir(work, c) / contract_files.SPANS))
            outputs.update((n["note_id"], n) for n in read_rows(chunk_dir(work, c) / contract_files.DEID_NOTES))
        result = evaluate(read_gold(Path(plan.gold)), originals, detected, outputs)
        write_json(work / GOLD_FILE, result, file_mode=0o600)
        return {k: result[k] for k in ("spans", "missed", "leaked", "miss_rate", "per_label")}

    return run_stage(work, "gold", inputs, lambda: [work / GOLD_FILE], body)


def code_version() -> dict:
    try:
        package = version("chartforge")
    except PackageNotFoundError:
        package = "unknown"
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10,
                                cwd=Path(__file__).resolve().parent).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {"package": package, "git_commit": commit}


def _marker_counts(work: Path, prefix: str) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8"))["counts"]
            for p in marker_files(work, prefix)]


def _summed(records: list[dict]) -> dict:
    total: dict = {}
    for record in records:
        for key, value in record.items():
            if isinstance(value, dict):
                total[key] = dict(Counter(total.get(key, {})) + Counter(value))
            else:
                total[key] = total.get(key, 0) + value
    return total


def build_manifest(work: Path, quarantine: list[dict], published: int, flow_run_id: str | None) -> dict:
    plan = load_plan(work)
    check_site_lexicon_unchanged(plan, plan_config(work))  # the batch id must name the lexicon every note was detected with
    ingest = _marker_counts(work, "ingest")[0]
    stages = {
        "ingest": ingest,
        "chunk": _marker_counts(work, "chunk")[0],
        "detect": _summed(_marker_counts(work, "detect-")),
        "surrogate": _summed(_marker_counts(work, "surrogate-")),
        "verify": _summed(_marker_counts(work, "verify-")),
        "review": _marker_counts(work, "review")[0],
        "publish": {"notes": published},
    }
    deid_quarantined = sum(1 for q in quarantine if q["stage"] != "ingest")
    manifest = {
        "batch_id": plan.batch_id,
        "mode": plan.mode,
        "key_fingerprint": plan.key_fingerprint,
        "config_hash": plan.config_hash,
        "detector_fingerprint": plan.detector_fingerprint,
        # entry counts per label of the site lexicon the first pass applied (None: there was none)
        "site_lexicon": {k: v for k, v in plan.site_lexicon.items() if k != "fingerprint"} if plan.site_lexicon else None,
        "code_version": code_version(),
        "stages": stages,
        "quarantine": {"total": len(quarantine),
                       "by_stage": dict(Counter(q["stage"] for q in quarantine)),
                       "by_error_code": dict(Counter(q["error_code"] for q in quarantine))},
        # DESIGN.md: in = out + quarantined + duplicates, at every step.
        "reconciliation": {
            "read": ingest["read"], "published": published, "duplicates": ingest["duplicates"],
            "quarantined": len(quarantine),
            "balanced": ingest["read"] == published + ingest["duplicates"] + len(quarantine)
                        and ingest["written"] == published + deid_quarantined,
        },
        "flow_run_id": flow_run_id,
    }
    gold = _marker_counts(work, "gold")
    if gold:
        manifest["gold"] = gold[0]
    return manifest


def _collect_quarantine(work: Path) -> list[dict]:
    rows = [{"stage": "ingest", "note_id": None, **q} for q in read_rows(work / INGEST_DIR / contract_files.QUARANTINE)]
    rows += read_rows(work / CHUNKS_DIR / contract_files.QUARANTINE)
    for name in (contract_files.DETECT_QUARANTINE, contract_files.SURROGATE_QUARANTINE):
        for path in _chunk_files(work, name):
            rows += read_rows(path)
    return [{field: row.get(field) for field in QUARANTINE.names} for row in rows]


def publish_stage(work: Path, flow_run_id: str | None = None) -> dict:
    """Assemble the batch directory; returns the publish marker (with the batch path)."""
    plan = load_plan(work)
    inputs = _chunk_files(work, contract_files.DEID_NOTES) + _chunk_files(work, contract_files.FLAGS) + [work / "review" / REVIEW_FILE]
    inputs += [work / GOLD_FILE] if (work / GOLD_FILE).is_file() else []
    target = plan.batch_path

    def body() -> dict:
        quarantine = _collect_quarantine(work)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{plan.batch_id}.", dir=target.parent))
        try:
            # Chunk by chunk (a row group each): memory stays flat however large the batch.
            notes = concat_files(staging / NOTES_FILE, _chunk_files(work, contract_files.DEID_NOTES), DEID_NOTES,
                                 file_mode=0o600)
            flags = concat_files(staging / contract_files.FLAGS, _chunk_files(work, contract_files.FLAGS), FLAGS,
                                 file_mode=0o600)
            shutil.copyfile(work / "review" / REVIEW_FILE, staging / REVIEW_FILE)
            write_rows(staging / contract_files.QUARANTINE, quarantine, QUARANTINE, file_mode=0o600)
            if (work / GOLD_FILE).is_file():
                shutil.copyfile(work / GOLD_FILE, staging / GOLD_FILE)
            manifest = build_manifest(work, quarantine, notes, flow_run_id)
            write_json(staging / MANIFEST_FILE, manifest, file_mode=0o600)
            # Owner-only until the residual-PHI gate passes (deid.batch_access; review.gate opens it).
            close_batch(staging)
            if target.exists():  # an earlier attempt's batch: replaced whole, never merged
                shutil.rmtree(target)
            staging.rename(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return {"notes": notes, "flags": flags, "quarantined": len(quarantine),
                "balanced": manifest["reconciliation"]["balanced"]}

    outputs = lambda: [target / NOTES_FILE, target / MANIFEST_FILE]  # noqa: E731
    record = run_stage(work, publish_marker(target), inputs, outputs, body)
    return {**record, "batch_dir": str(target)}


def publish_marker(target: Path) -> str:
    """The publish stage's marker name: one per output folder. The same export run again
    with another --out publishes there too (one marker for all would call the new folder
    "unchanged" and leave it empty); each folder's own batch is kept and skipped when intact."""
    digest = hashlib.sha256(str(Path(target).resolve()).encode("utf-8")).hexdigest()[:12]
    return f"publish-{digest}"


def read_manifest(batch_dir: Path) -> dict:
    return json.loads((Path(batch_dir) / MANIFEST_FILE).read_text(encoding="utf-8"))
