"""Typed view of the ``[codebooks.retrieval]`` config section.

Its defaults are the settings tree's (chartforge/settings/sections.py ``RetrievalSection``),
written once: ``RetrievalSettings()`` is what production runs (the static encoder).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from chartforge.settings.sections import RetrievalSection

_D = RetrievalSection()


@dataclass
class RetrievalSettings:
    encoder: str = _D.encoder
    faiss: str = _D.faiss
    hnsw_m: int = _D.hnsw_m
    hnsw_ef_search: int = _D.hnsw_ef_search
    dense_depth: int = _D.dense_depth
    lexical_depth: int = _D.lexical_depth
    dense_weight: float = _D.dense_weight
    lexical_weight: float = _D.lexical_weight
    batch_size: int = _D.batch_size
    path_prior_weight: float = _D.path_prior_weight
    path_code_weight: float = _D.path_code_weight
    learned_rerank: bool = _D.learned_rerank
    rerank_depth: int = _D.rerank_depth
    # not a configuration key: `codebooks eval` ranks a subcategory as the index prints it
    prefer_billable: bool = True

    def faiss_settings(self):
        from codebooks.code_index import FaissSettings

        return FaissSettings(self.faiss, self.hnsw_m, self.hnsw_ef_search)

    @classmethod
    def from_section(cls, section: RetrievalSection | None = None, **overrides) -> "RetrievalSettings":
        """``[codebooks.retrieval]`` as handed down (None: the packaged defaults), with overrides."""
        section = section or RetrievalSection()
        known = {f.name for f in fields(cls)}
        values = {f.name: getattr(section, f.name) for f in fields(section) if f.name in known}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @classmethod
    def from_config(cls, config=None, **overrides) -> "RetrievalSettings":
        """The retrieval settings of a loaded configuration (None: the packaged defaults)."""
        return cls.from_section(config.settings.codebooks.retrieval if config is not None else None, **overrides)
