"""Reading the corpus inputs: de-identified batches (contracts.md §3) and synthetic runs (§5).

A batch enters the corpus only when its ``gate.json`` says ``passed``: a missing,
unreadable, pending or failed gate refuses the batch (E301) before any work is done.
Every file read is hashed; those hashes (not paths or times) feed the dataset version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from chartforge.atomic import sha256_file
from chartforge.config import Config, default_config
from chartforge.errors import ChartforgeError
from chartforge.contracts.files import GATE as GATE_FILE, MANIFEST as MANIFEST_FILE, NOTES as NOTES_FILE

# Required columns (contracts.md §3 and §5); the rest is read when present.
DEID_COLUMNS = ("note_id", "patient_id", "text")
SYNTH_COLUMNS = ("note_id", "group_id", "text")
# Gate fields copied into the dataset manifest as the batch's evidence (contracts.md §3):
# the required ones always, the optional evidence keys when the gate wrote them.
GATE_EVIDENCE = ("status", "reviewed", "findings", "upper_bound", "target", "confidence",
                 "decided_at", "decided_by")
GATE_OPTIONAL = ("method", "population", "sample_size", "round_id", "batch_id", "pilot",
                 "flag_reviewed", "flag_findings", "disagreements", "reason")


@dataclass
class Input:
    kind: str  # "deid" | "synth"
    id: str
    path: Path
    notes_sha256: str
    manifest: dict = field(default_factory=dict)
    manifest_sha256: str | None = None
    gate: dict = field(default_factory=dict)
    gate_sha256: str | None = None

    def fingerprint(self) -> dict:
        """What identifies this input's content (for the version hash)."""
        return {"kind": self.kind, "id": self.id, "notes": self.notes_sha256,
                "manifest": self.manifest_sha256, "gate": self.gate_sha256}


def resolve_input(ref: str, config_keys: tuple[str, ...], config: Config | None = None) -> Path:
    """A batch/run given as a directory path, or as an id under a directory of ``config``
    (the entry point's configuration; None = the packaged defaults)."""
    path = Path(ref)
    if path.is_dir():
        return path
    config = config if config is not None else default_config()
    for key in config_keys:
        base = config.get(key)
        if base and (Path(base) / ref).is_dir():
            return Path(base) / ref
    raise ChartforgeError.make("E004", path=ref)


def _read_json(path: Path, directory: Path) -> tuple[dict, str]:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(payload, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as exc:
        raise ChartforgeError.make("E603", path=directory, file=path.name, reason=type(exc).__name__) from None
    return payload, sha256_file(path)


def _notes_hash(directory: Path) -> str:
    notes = directory / NOTES_FILE
    if not notes.is_file():
        raise ChartforgeError.make("E603", path=directory, file=NOTES_FILE, reason="missing")
    return sha256_file(notes)


def load_deid_batch(ref: str, config: Config | None = None) -> Input:
    directory = resolve_input(ref, ("deid.flow.batches_dir", "deid.batches_dir"), config)
    gate_path = directory / GATE_FILE
    if not gate_path.is_file():
        raise ChartforgeError.make("E301", batch=directory.name, status="missing gate.json")
    try:
        gate, gate_sha = _read_json(gate_path, directory)
    except ChartforgeError:
        raise ChartforgeError.make("E301", batch=directory.name, status="unreadable gate.json") from None
    status = gate.get("status")
    if status != "passed":
        raise ChartforgeError.make("E301", batch=directory.name, status=status if isinstance(status, str) else "invalid")
    bound, target = gate.get("upper_bound"), gate.get("target")
    if not (isinstance(bound, (int, float)) and isinstance(target, (int, float)) and bound < target):
        # Belt and braces: "passed" must agree with its own evidence (a hand-edited status).
        raise ChartforgeError.make("E301", batch=directory.name, status="passed, but upper_bound is not below target")
    manifest, manifest_sha = ({}, None)
    if (directory / MANIFEST_FILE).is_file():
        manifest, manifest_sha = _read_json(directory / MANIFEST_FILE, directory)
    batch_id = str(manifest.get("batch_id") or directory.name)
    if gate.get("batch_id") and str(gate["batch_id"]) != batch_id:
        # A gate.json copied from another batch must not let this one in.
        raise ChartforgeError.make("E301", batch=directory.name, status=f"gate.json is for batch {gate['batch_id']}")
    evidence = {key: gate.get(key) for key in GATE_EVIDENCE}
    evidence.update({key: gate[key] for key in GATE_OPTIONAL if key in gate})
    return Input("deid", batch_id, directory, _notes_hash(directory), manifest, manifest_sha, evidence, gate_sha)


def load_synth_run(ref: str, config: Config | None = None) -> Input:
    directory = resolve_input(ref, ("synth.runs_dir", "synth.output_dir", "synth.flow.runs_dir"), config)
    manifest, manifest_sha = ({}, None)
    if (directory / MANIFEST_FILE).is_file():
        manifest, manifest_sha = _read_json(directory / MANIFEST_FILE, directory)
    run_id = str(manifest.get("run_id") or directory.name)
    return Input("synth", run_id, directory, _notes_hash(directory), manifest, manifest_sha)


def read_rows(item: Input) -> list[dict]:
    """The notes of one input as dicts, required columns checked (E604 names file and row)."""
    path = item.path / NOTES_FILE
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # polars raises several types for a corrupt file
        raise ChartforgeError.make("E603", path=item.path, file=NOTES_FILE, reason=type(exc).__name__) from None
    required = DEID_COLUMNS if item.kind == "deid" else SYNTH_COLUMNS
    for column in required:
        if column not in frame.columns:
            raise ChartforgeError.make("E604", file=path, row="(header)", field=column)
    rows = frame.to_dicts()
    for number, row in enumerate(rows, start=1):
        for column in required:
            value = row.get(column)
            if column == "text" and not isinstance(value, str):
                raise ChartforgeError.make("E604", file=path, row=number, field=column)
            if column != "text":
                if value is None or str(value) == "":
                    raise ChartforgeError.make("E604", file=path, row=number, field=column)
                row[column] = str(value)  # ids may be typed as integers by a producer
    return rows
