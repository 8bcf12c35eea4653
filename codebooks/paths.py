"""Where codebooks keep caches and find data (config section ``[codebooks]``).

The ICD-10-CM Alphabetic Index terms ship inside the package (``data/icd10cm_index_dev.jsonl.gz``,
public domain, see data/README.md): ``index_terms = "packaged"`` (the default) reads them, a path
reads a user's file (e.g. one written by ``chartforge codebooks import-index``), ``""`` turns
them off. ``../shared`` is only ever read for evaluation data (CodiEsp).
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path
from typing import IO

from chartforge.settings.sections import CodebooksSection

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGED = "packaged"
PACKAGED_INDEX_TERMS = Path(__file__).with_name("data") / "icd10cm_index_dev.jsonl.gz"
DEFAULT_CACHE_DIR = CodebooksSection().cache_dir

# Every function below takes the ``[codebooks]`` section its caller was handed (an entry point
# passes ``config.settings.codebooks``); None means the packaged defaults, never the process's
# configuration (issue 17: settings are passed down).


def section_of(config=None) -> CodebooksSection:
    """The ``[codebooks]`` section of a loaded configuration, or the packaged defaults (None)."""
    return config.settings.codebooks if config is not None else CodebooksSection()


def _value(value) -> str:
    """"" stays "" (= off: a data file set to "" is not read, instead of silently falling back
    to ../shared)."""
    return "" if value is None else str(value).strip()


def cache_dir(section: CodebooksSection | None = None) -> Path:
    path = Path(_value((section or CodebooksSection()).cache_dir) or DEFAULT_CACHE_DIR).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def repo_path(value: str) -> Path | None:
    """A configured data path; relative paths are relative to the repository root."""
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else (REPO_ROOT / path).resolve()


def index_terms_setting(section: CodebooksSection | None = None) -> str:
    """The raw ``[codebooks] index_terms`` value ("" = off, never replaced by the default)."""
    return _value((section or CodebooksSection()).index_terms)


def index_terms_path(section: CodebooksSection | None = None) -> Path | None:
    """The index terms file in use, or None (off, or a configured file that is missing:
    ``index_terms_status`` says which)."""
    value = index_terms_setting(section)
    if not value:
        return None
    path = PACKAGED_INDEX_TERMS if value == PACKAGED else repo_path(value)
    return path if path and path.is_file() else None


def index_terms_status(section: CodebooksSection | None = None) -> str:
    """One line on where index terms come from, for commands to print."""
    value = index_terms_setting(section)
    if not value:
        return ("index terms: off ([codebooks] index_terms = \"\"): retrieval uses Tabular List texts only "
                "and the learned re-ranker is skipped")
    if value == PACKAGED:
        return f"index terms: packaged ICD-10-CM index dev split ({PACKAGED_INDEX_TERMS.name})"
    path = repo_path(value)
    if path is None or not path.is_file():
        return (f"index terms: {value} not found: retrieval uses Tabular List texts only and the learned "
                f"re-ranker is skipped (set [codebooks] index_terms = \"packaged\" or import a file with "
                f"`chartforge codebooks import-index`)")
    return f"index terms: {path}"


def open_text(path: Path) -> IO[str]:
    """A text file, gzip-compressed or not (by its ``.gz`` suffix)."""
    if Path(path).suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def content_sha256(path: Path) -> str:
    """SHA-256 of the (decompressed) content: the packaged ``.gz`` and the plain file it was made
    from hash alike, so both select the same cached index."""
    digest = hashlib.sha256()
    opener = gzip.open if Path(path).suffix == ".gz" else open
    with opener(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def codiesp_dev_path(section: CodebooksSection | None = None) -> Path | None:
    path = repo_path(_value((section or CodebooksSection()).codiesp_dev))
    return path if path and path.is_file() else None
