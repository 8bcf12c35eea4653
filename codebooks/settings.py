"""Typed view of the ``[codebooks.retrieval]`` config section."""

from __future__ import annotations

from dataclasses import dataclass, fields

from chartforge.config import get_config


@dataclass
class RetrievalSettings:
    encoder: str = "contextual"
    faiss: str = "hnsw"
    hnsw_m: int = 32
    hnsw_ef_search: int = 128
    dense_depth: int = 200
    lexical_depth: int = 200
    dense_weight: float = 0.5
    lexical_weight: float = 0.5
    batch_size: int = 128
    path_prior_weight: float = 0.0
    path_code_weight: float = 0.0
    learned_rerank: bool = True
    rerank_depth: int = 100
    prefer_billable: bool = True

    def faiss_settings(self):
        from codebooks.code_index import FaissSettings

        return FaissSettings(self.faiss, self.hnsw_m, self.hnsw_ef_search)

    @classmethod
    def from_config(cls, **overrides) -> "RetrievalSettings":
        section = get_config().get("codebooks.retrieval", {}) or {}
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in section.items() if k in known}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
