"""Typed view of the ``[synth]`` config sections, with CLI overrides."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from chartforge.config import Config
from chartforge.errors import ChartforgeError
from chartforge.settings.sections import CodebooksSection, SynthSection

_D = SynthSection()  # the defaults, written once in the settings tree

REPO_ROOT = Path(__file__).resolve().parents[1]


def repo_path(value: str) -> Path | None:
    """A configured data path; relative paths are relative to the repository root."""
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else (REPO_ROOT / path).resolve()


@dataclass
class SynthSettings:
    runs_dir: str = "synth_runs"
    notes: int = 1000
    seed: int = 0
    seed_list: str = ""
    frequency_table: str = ""
    seed_weight_power: float = _D.seed_weight_power
    coded_seed_min_documents: int = _D.coded_seed_min_documents
    codiesp_train: str = _D.codiesp_train
    batches: list[str] = field(default_factory=list)
    max_codes: int = 7
    index_term_forms: bool = True
    group_size: int = 4
    augment_fraction: float = 0.3  # chartforge.toml says why
    chunk_notes: int = 200
    workers: int = 1  # processes writing chunks (template runs without retrieval); not part of the run id
    retrieval: bool = True
    k: int = 10
    encoder: str = "static"
    faiss: str = "hnsw"
    learned_rerank: bool = False
    learned_coder: bool = False
    min_score: float = 1.0
    min_lexical: float = 1.0
    procedure_min_score: float = 0.9
    dedupe_threshold: float = 0.8
    dedupe_shingle: int = 3
    dedupe_num_perm: int = 128
    llm: dict = field(default_factory=dict)
    # The [codebooks] section the run was configured with (cache and data paths, retrieval
    # settings), handed down to codebooks; not a synth setting: outside the run id and the
    # manifest (the index terms file's hash is in the run id already).
    codebooks: CodebooksSection = field(default_factory=CodebooksSection, repr=False)

    @classmethod
    def from_config(cls, config: Config, **overrides) -> "SynthSettings":
        """The ``[synth]`` sections of ``config`` (the one the entry point loaded: never the
        process configuration read from here) with ``overrides`` (None = not overridden)."""
        section = config.get("synth", {}) or {}
        values = {k: v for k, v in section.items() if not isinstance(v, dict)}
        values.update({k: v for k, v in (section.get("label") or {}).items()})
        values.update({f"dedupe_{k}": v for k, v in (section.get("dedupe") or {}).items()})
        values["llm"] = dict(section.get("llm") or {})
        values.update({k: v for k, v in overrides.items() if v is not None})
        values["codebooks"] = config.settings.codebooks
        known = {f.name for f in fields(cls)}
        settings = cls(**{k: v for k, v in values.items() if k in known})
        settings.validate()
        return settings

    def index_terms_file(self) -> Path | None:
        """The Alphabetic Index file whose entries add surface forms to the term index
        (``[codebooks] index_terms``; the packaged dev split by default), None when off
        (``index_term_forms = false``, ``index_terms = ""`` as unit tests set it, or a missing
        file). The entry point hands it to ``terms.full_index``."""
        if not self.index_term_forms:
            return None
        from codebooks.paths import index_terms_path

        return index_terms_path(self.codebooks)

    def validate(self) -> None:
        if self.notes < 1:
            raise ChartforgeError.make("E505", reason="notes must be at least 1")
        if not 0 <= self.augment_fraction <= 1:
            raise ChartforgeError.make("E505", reason="augment_fraction must be in [0, 1]")
        if not 0 <= self.seed_weight_power <= 1:
            raise ChartforgeError.make("E505", reason="seed_weight_power must be in [0, 1]")
        if self.coded_seed_min_documents < 0:
            raise ChartforgeError.make("E505", reason="coded_seed_min_documents must be 0 (off) or more")
        if self.group_size < 1 or self.chunk_notes < 1 or self.max_codes < 1 or self.workers < 1:
            raise ChartforgeError.make("E505", reason="group_size, chunk_notes, max_codes and workers must be positive")

    def as_record(self) -> dict:
        """The synth settings as a run's manifest records them (without the [codebooks] section)."""
        return {k: v for k, v in asdict(self).items() if k != "codebooks"}

    def run_id(self) -> str:
        """Content hash of everything that changes the output (not where it is written)."""
        payload = {k: v for k, v in self.as_record().items() if k not in ("runs_dir", "chunk_notes", "workers")}
        payload["llm"] = {k: v for k, v in self.llm.items() if k != "api_key_env"}
        for key in ("seed_list", "frequency_table", "codiesp_train"):
            path = repo_path(payload[key]) if payload[key] else None
            payload[f"{key}_sha256"] = _file_hash(path)
        # templates, profiles, cues and the generator's and labeller's code change the notes: a
        # run directory of an older chartforge is never resumed as if it were this one's
        payload["synth_generator_sha256"] = generator_files_hash()
        if self.index_term_forms:  # the Alphabetic Index file adds surface forms (index_forms.py)
            payload["index_terms_sha256"] = _file_hash(self.index_terms_file())
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:16]


def generator_files_hash() -> str:
    """One hash over synth/'s rule and template files (YAML, seed lists) and its Python code."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".yaml", ".yml", ".txt", ".py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _file_hash(path: Path | None) -> str | None:
    if path is None or not path.is_file():
        return None
    from chartforge.atomic import sha256_file

    return sha256_file(path)
