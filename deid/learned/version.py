"""version.json beside the weights: the hash of every model file, so a changed or damaged model
is refused at load time and a retrained one changes the detector fingerprint (deid/batch_plan.py
hashes every .json under deid/)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from chartforge.errors import ChartforgeError

VERSION_FILE = "version.json"


def weights_hash(model_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(model_dir).rglob("*") if p.is_file() and p.name != VERSION_FILE):
        digest.update(path.relative_to(model_dir).as_posix().encode())
        digest.update(b"\x1f")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def write_version(model_dir: Path, info: dict) -> dict:
    record = {"weights_sha256": weights_hash(model_dir), **info}
    Path(model_dir, VERSION_FILE).write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return record


def check_version(model_dir: Path) -> dict:
    """The model's version record; E510 when it is missing or the weights do not match it."""
    path = Path(model_dir, VERSION_FILE)
    if not path.is_file():
        raise ChartforgeError.make("E209", path=model_dir, reason="no version.json (train it: chartforge deid train)")
    record = json.loads(path.read_text(encoding="utf-8"))
    if record.get("weights_sha256") != weights_hash(model_dir):
        raise ChartforgeError.make("E209", path=model_dir, reason="the weights do not match version.json")
    return record
