"""Published versions on disk: ``<datasets_dir>/<name>/<version>/``, read-only.

A version reference is ``NAME`` (the most recently built version), ``NAME/VERSION``,
``NAME/<unique version prefix>`` or the path of a version directory.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

from chartforge.config import Config
from chartforge.settings.sections import PathsSettings
from chartforge.errors import ChartforgeError
from corpus.manifest import MANIFEST

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
FILE_MODE, DIR_MODE = 0o444, 0o555


def datasets_dir(config: Config | None = None) -> Path:
    """[paths] datasets_dir of the entry point's configuration (None: the packaged default)."""
    if config is None:
        return Path(PathsSettings().datasets_dir)
    return Path(config.get("paths.datasets_dir", PathsSettings().datasets_dir))


def check_name(name: str) -> str:
    if not NAME_PATTERN.match(name):
        raise ChartforgeError.make("E608", name=name)
    return name


def versions(name_dir: Path) -> list[Path]:
    """Published versions of one dataset (hidden build directories excluded)."""
    if not name_dir.is_dir():
        return []
    return sorted(p for p in name_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
                  and (p / MANIFEST).is_file())


def load_manifest(version_dir: Path) -> dict:
    return json.loads((version_dir / MANIFEST).read_text(encoding="utf-8"))


def resolve_version(ref: str, root: Path | None = None) -> Path:
    """A version directory, NAME or NAME/VERSION-prefix under ``root`` (entry points pass
    ``datasets_dir(config)``; None = the packaged default)."""
    path = Path(ref)
    if (path / MANIFEST).is_file():
        return path
    root = root or datasets_dir()
    name, _, prefix = ref.partition("/")
    found = versions(root / name) if NAME_PATTERN.match(name) else []
    if not found:
        raise ChartforgeError.make("E610", ref=ref, reason=f"no dataset '{name}' under {root}")
    if not prefix:
        return max(found, key=lambda p: (load_manifest(p).get("built_at", ""), p.name))
    matches = [p for p in found if p.name.startswith(prefix)]
    if len(matches) != 1:
        reason = "no such version" if not matches else f"{len(matches)} versions match"
        raise ChartforgeError.make("E610", ref=ref, reason=reason)
    return matches[0]


def all_versions(root: Path | None = None) -> list[Path]:
    root = root or datasets_dir()
    if not root.is_dir():
        return []
    return [v for name_dir in sorted(root.iterdir()) if name_dir.is_dir() for v in versions(name_dir)]


def make_read_only(directory: Path) -> None:
    for path in directory.iterdir():
        os.chmod(path, FILE_MODE)
    os.chmod(directory, DIR_MODE)


def make_writable(directory: Path) -> None:
    """Only for discarding an unpublished build directory."""
    os.chmod(directory, 0o755)
    for path in directory.iterdir():
        os.chmod(path, 0o644)


def is_read_only(path: Path) -> bool:
    return not (path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
