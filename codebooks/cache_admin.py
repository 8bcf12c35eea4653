"""What sits in the codebooks cache, when each entry was last used, and pruning stale ones.

Every cache key hashes the recipe, the encoder, the FAISS settings and (for re-rankers) the
feature version, so a changed setting builds a new entry and the old one is never read
again. Nothing removed them: after a few tuning rounds the cache held 3.5 GB of dead
indexes. Loads now mark the entry they read as used (its mtime), so "not used for N days"
is a safe test for pruning; the entry the current configuration needs is rebuilt from the
pip packages if it was pruned after all (nothing here is downloaded).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

# File or directory name -> what kind of entry it is. Vector stores are a pair of files
# (``.npy`` + ``.keys.json``) that live and die together.
_KINDS = (
    (re.compile(r"^index-[0-9a-f]+$"), "index"),
    (re.compile(r"^reranker-[0-9a-f]+(-d\d+)?\.pkl$"), "reranker"),
    (re.compile(r"^vectors-[0-9a-f]+\.npy$"), "vectors"),
    (re.compile(r"^static-[0-9a-f]+\.npz$"), "static encoder"),
    (re.compile(r"^icd10cm-.+\.json$"), "ICD-10-CM snapshot"),
)
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


@dataclass(frozen=True)
class CacheEntry:
    name: str
    kind: str
    paths: tuple[Path, ...]
    size_bytes: int
    last_used: float  # epoch seconds: the newest mtime among its files


def mark_used(path: Path) -> None:
    """Record that a cache entry was just read (its mtime). A read-only cache is fine."""
    try:
        os.utime(path)
    except OSError:
        pass


def parse_duration(text: str) -> float:
    """``"7d"``, ``"12h"``, ``"30m"``, ``"2w"``, ``"0s"`` -> seconds; ValueError otherwise."""
    match = _DURATION.match(text or "")
    if not match:
        raise ValueError("expected a number and a unit s/m/h/d/w, e.g. 7d or 12h")
    return float(match.group(1)) * _SECONDS[match.group(2)]


def _files(path: Path) -> list[Path]:
    return [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]


def cache_entries(directory: Path) -> list[CacheEntry]:
    """Every recognised entry in the cache, most recently used first."""
    entries = []
    if not directory.is_dir():
        return entries
    for path in sorted(directory.iterdir()):
        kind = next((k for pattern, k in _KINDS if pattern.match(path.name)), None)
        if kind is None:
            continue  # unknown files are not ours to judge (or remove)
        paths = [path]
        if kind == "vectors":
            partner = path.with_name(path.name[: -len(".npy")] + ".keys.json")
            if partner.exists():
                paths.append(partner)
        files = [f for p in paths for f in _files(p)]
        stats = [f.stat() for f in files]
        entries.append(CacheEntry(name=path.name, kind=kind, paths=tuple(paths),
                                  size_bytes=sum(s.st_size for s in stats),
                                  last_used=max((s.st_mtime for s in stats), default=path.stat().st_mtime)))
    return sorted(entries, key=lambda e: e.last_used, reverse=True)


def stale_entries(directory: Path, unused_for_seconds: float, now: float | None = None) -> list[CacheEntry]:
    cutoff = (time.time() if now is None else now) - unused_for_seconds
    return [e for e in cache_entries(directory) if e.last_used < cutoff]


def remove(entry: CacheEntry) -> None:
    for path in entry.paths:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
