"""``verify``: re-hash every file of a version against its manifest."""

from __future__ import annotations

from pathlib import Path

from chartforge.atomic import sha256_file
from corpus.manifest import MANIFEST, MANIFEST_HASH
from corpus.store import is_read_only, load_manifest


def verify_version(version_dir: Path) -> list[str]:
    """Problems found (empty = intact): changed, missing, extra or writable files."""
    problems = []
    pinned = (version_dir / MANIFEST_HASH)
    if not pinned.is_file():
        problems.append(f"{MANIFEST_HASH} is missing")
    elif pinned.read_text(encoding="utf-8").split()[0] != sha256_file(version_dir / MANIFEST):
        problems.append(f"{MANIFEST} changed (hash differs from {MANIFEST_HASH})")
    try:
        files = load_manifest(version_dir)["files"]
    except (OSError, ValueError, KeyError) as exc:
        return problems + [f"{MANIFEST} unreadable ({type(exc).__name__})"]
    for name, expected in sorted(files.items()):
        path = version_dir / name
        if not path.is_file():
            problems.append(f"{name} is missing")
        elif sha256_file(path) != expected["sha256"]:
            problems.append(f"{name} changed (sha256 differs from the manifest)")
    present = {p.name for p in version_dir.iterdir()} - {MANIFEST, MANIFEST_HASH}
    problems += [f"{name} is not in the manifest" for name in sorted(present - set(files))]
    problems += [f"{p.name} is writable" for p in sorted(version_dir.iterdir()) if not is_read_only(p)]
    if not is_read_only(version_dir):
        problems.append("the version directory is writable")
    return problems
