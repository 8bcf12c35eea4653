"""The version's ``manifest.json``: counts, file hashes, provenance and gate evidence.

Nothing here is PHI: ids are hashes, gate evidence is counts and bounds, paths are the
steward's directories. ``manifest.sha256`` (``sha256sum -c`` format) pins the manifest
itself, so ``verify`` notices an edited manifest as well as an edited data file.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import chartforge
from chartforge.atomic import sha256_file
from chartforge.contracts.files import MANIFEST as MANIFEST_FILE
from corpus.provenance import find_key, run_models
from corpus.splits import SPLITS

MANIFEST = MANIFEST_FILE
MANIFEST_HASH = "manifest.sha256"


def git_commit() -> str:
    repo = Path(__file__).resolve().parents[1]
    try:
        out = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True,
                             text=True, timeout=10, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def count_splits(records) -> dict:
    counts = Counter((r.split, r.source) for r in records)
    return {split: {"deid": counts[(split, "deid")], "synth": counts[(split, "synth")],
                    "total": counts[(split, "deid")] + counts[(split, "synth")]} for split in SPLITS}


def file_hashes(directory: Path) -> dict:
    return {path.name: {"sha256": sha256_file(path), "bytes": path.stat().st_size}
            for path in sorted(directory.iterdir()) if path.name not in (MANIFEST, MANIFEST_HASH)}


def input_entry(item, records_in: int, codebooks=None) -> dict:
    entry = {"id": item.id, "path": str(item.path.resolve()), "notes_sha256": item.notes_sha256,
             "records_in": records_in, "flow_run_id": find_key(item.manifest, "flow_run_id")}
    if item.kind == "deid":
        entry["gate"] = item.gate
        entry["key_fingerprint"] = find_key(item.manifest, "key_fingerprint")
    else:
        entry.update(run_models(item.manifest, codebooks))
    return entry


def build_manifest(*, name, version, directory, records, inputs, records_in, outcome, near_duplicates,
                   settings, codebook_version, flow_run_id, codebooks=None) -> dict:
    """``codebooks``: the ``[codebooks]`` settings of the build (for a run that names no index)."""
    entries = {"deid": [], "synth": []}
    for item in inputs:
        entries[item.kind].append(input_entry(item, records_in[item.id], codebooks))
    synth = entries["synth"]
    flow_runs = [e["flow_run_id"] for e in entries["deid"] + synth if e["flow_run_id"]]
    per_split = count_splits(records)
    per_source = Counter(r.source for r in records)
    total_in = sum(records_in.values())
    return {
        "name": name, "version": version,
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "chartforge_version": chartforge.__version__, "git_commit": git_commit(),
        "line_numbering": "'<n>: <line>', n from 1; evidence uses the same numbers",
        "counts": {
            "records_in": total_in, "records": len(records),
            "excluded": len(outcome.excluded), "near_duplicates_removed": len(near_duplicates),
            "per_split": per_split, "per_source": {"deid": per_source["deid"], "synth": per_source["synth"]},
            "dropped_codes": len(outcome.dropped),
        },
        "files": file_hashes(directory),
        "inputs": entries,
        "flow_run_ids": {"corpus": flow_run_id, "inputs": flow_runs},
        "config": {"corpus": settings},
        "codebook_version": codebook_version,
        "embedding_models": sorted({e["embedding_model"] for e in synth if e["embedding_model"]}),
        "index_hashes": sorted({e["index_hash"] for e in synth if e["index_hash"]}),
        "excluded": outcome.excluded, "dropped_codes": outcome.dropped, "near_duplicates": near_duplicates,
    }
