"""``diff``: what changed between two versions (counts, records, configuration)."""

from __future__ import annotations

import json
from pathlib import Path

from corpus.splits import SPLITS
from corpus.store import load_manifest
from corpus.tables import jsonl_name, read_examples


def _records(version_dir: Path) -> dict[str, tuple[str, str]]:
    """record id -> (split, output)."""
    found = {}
    for split in SPLITS:
        path = version_dir / jsonl_name(split)
        if path.is_file():
            for example in read_examples(path):
                found[example["id"]] = (split, example["output"])
    return found


def _flatten(tree, prefix: str = "") -> dict:
    if not isinstance(tree, dict):
        return {prefix: tree}
    flat = {}
    for key, value in tree.items():
        flat.update(_flatten(value, f"{prefix}.{key}" if prefix else key))
    return flat


def diff_versions(old_dir: Path, new_dir: Path) -> dict:
    old_manifest, new_manifest = load_manifest(old_dir), load_manifest(new_dir)
    old, new = _records(old_dir), _records(new_dir)
    counts = {}
    for split in SPLITS:
        for source in ("deid", "synth", "total"):
            before = old_manifest["counts"]["per_split"][split][source]
            after = new_manifest["counts"]["per_split"][split][source]
            counts[f"{split}.{source}"] = {"old": before, "new": after, "delta": after - before}
    shared = set(old) & set(new)
    settings_old = _flatten({"config": old_manifest["config"], "codebook_version": old_manifest["codebook_version"],
                             "inputs": sorted(i["id"] for kind in old_manifest["inputs"].values() for i in kind)})
    settings_new = _flatten({"config": new_manifest["config"], "codebook_version": new_manifest["codebook_version"],
                             "inputs": sorted(i["id"] for kind in new_manifest["inputs"].values() for i in kind)})
    config = {key: {"old": settings_old.get(key), "new": settings_new.get(key)}
              for key in sorted(set(settings_old) | set(settings_new))
              if settings_old.get(key) != settings_new.get(key)}
    return {
        "old": f"{old_manifest['name']}/{old_manifest['version']}",
        "new": f"{new_manifest['name']}/{new_manifest['version']}",
        "counts": counts,
        "added": sorted(set(new) - set(old)),
        "removed": sorted(set(old) - set(new)),
        "moved_split": sorted(r for r in shared if old[r][0] != new[r][0]),
        "relabelled": sorted(r for r in shared if json.loads(old[r][1]) != json.loads(new[r][1])),
        "config": config,
    }
