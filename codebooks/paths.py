"""Where codebooks keep caches and find shared data (config section ``[codebooks]``)."""

from __future__ import annotations

from pathlib import Path

from chartforge.config import get_config

REPO_ROOT = Path(__file__).resolve().parents[1]


def _setting(key: str, default: str) -> str:
    return get_config().get(f"codebooks.{key}", default) or default


def cache_dir() -> Path:
    path = Path(_setting("cache_dir", ".chartforge/cache/codebooks")).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def repo_path(value: str) -> Path | None:
    """A configured data path; relative paths are relative to the repository root."""
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else (REPO_ROOT / path).resolve()


def index_terms_path() -> Path | None:
    path = repo_path(_setting("index_terms", "../shared/data/icd10cm_index/index_dev.jsonl"))
    return path if path and path.is_file() else None


def codiesp_dev_path() -> Path | None:
    path = repo_path(_setting("codiesp_dev", "../shared/data/codiesp/dev.jsonl"))
    return path if path and path.is_file() else None
