"""The retrieval index on disk: texts, FAISS vectors and BM25 weights for one recipe.

Cached under ``<cache_dir>/index-<key>/`` where key = hash(codebook version, embedding
model, text recipe hash, FAISS settings). A changed recipe gives a new key and so a new
build; a warm load only reads files (seconds).
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from chartforge.atomic import atomic_open, sha256_file, write_json
from chartforge.contracts import files
from codebooks import dense_index
from codebooks.bm25 import BM25, STOPWORDS_FILE
from codebooks.cache_admin import mark_used
from codebooks.corpus import Recipe, code_texts
from codebooks.encoder import ContextualEncoder, VectorStore
from codebooks.icd10cm import ICD10CM

INDEX_LAYOUT = 1


@dataclass
class FaissSettings:
    kind: str = "hnsw"
    m: int = 32
    ef_search: int = 128

    def as_dict(self) -> dict:
        return {"kind": self.kind, "m": self.m}


class CodeIndex:
    """Texts (each tagged with a code), their FAISS index and their BM25 model."""

    def __init__(self, directory: Path, manifest: dict, codes: list[str], sources: list[str],
                 texts: list[str], faiss_index, bm25: BM25):
        self.directory = directory
        self.manifest = manifest
        self.text_codes = codes
        self.text_sources = sources
        self.texts = texts
        self.faiss = faiss_index
        self.bm25 = bm25
        # Texts are grouped by code for aggregation: code id per text, code strings per id.
        self.code_list = list(dict.fromkeys(codes))
        position = {code: i for i, code in enumerate(self.code_list)}
        self.text_code_ids = np.fromiter((position[c] for c in codes), dtype=np.int64, count=len(codes))

    @property
    def key(self) -> str:
        return self.manifest["key"]


def index_key(codebook_version: str, model: str, recipe: Recipe, faiss_settings: FaissSettings) -> str:
    payload = json.dumps({"codebook": codebook_version, "model": model, "recipe": recipe.hash(),
                          "faiss": faiss_settings.as_dict(), "layout": INDEX_LAYOUT,
                          "lexical": sha256_file(STOPWORDS_FILE)[:12]}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _paths(directory: Path) -> dict[str, Path]:
    return {"manifest": directory / files.INDEX_MANIFEST, "texts": directory / files.INDEX_TEXTS,
            "faiss": directory / "dense.faiss", "bm25": directory / "lexical"}


def load_or_build(codebook: ICD10CM, recipe: Recipe, cache_dir: Path,
                  faiss_settings: FaissSettings | None = None, batch_size: int = 128,
                  progress: bool = True, rebuild: bool = False, encoder=None) -> tuple[CodeIndex, bool]:
    """(index, built): loads the cached index for this key, else builds and caches it."""
    faiss_settings = faiss_settings or FaissSettings()
    encoder = encoder or ContextualEncoder()
    model = encoder.id
    key = index_key(codebook.version, model, recipe, faiss_settings)
    directory = cache_dir / f"index-{key}"
    paths = _paths(directory)
    if paths["manifest"].is_file() and not rebuild:
        return _load(directory, faiss_settings), False
    started = time.perf_counter()
    entries = code_texts(codebook, recipe)
    texts = [e.text for e in entries]
    vectors = VectorStore(cache_dir, encoder).get(texts, batch_size=batch_size, progress=progress)
    embedded = time.perf_counter()
    index = dense_index.build(vectors, kind=faiss_settings.kind, m=faiss_settings.m)
    bm25 = BM25().fit(texts)
    directory.mkdir(parents=True, exist_ok=True)
    with atomic_open(paths["texts"]) as handle:
        json.dump({"codes": [e.code for e in entries], "sources": [e.source for e in entries],
                   "texts": texts}, handle)
    dense_index.save(index, paths["faiss"])
    bm25.save(paths["bm25"])
    manifest = {
        "key": key, "codebook_version": codebook.version, "model": model,
        "recipe": recipe.as_dict(), "recipe_hash": recipe.hash(), "faiss": faiss_settings.as_dict(),
        "faiss_class": type(index).__name__, "texts": len(texts), "codes": len(set(e.code for e in entries)),
        "sources": {s: sum(e.source == s for e in entries) for s in sorted({e.source for e in entries})},
        "build_seconds": round(time.perf_counter() - started, 1),
        "embed_seconds": round(embedded - started, 1),
    }
    write_json(paths["manifest"], manifest)  # written last: its presence marks a complete build
    dense_index.set_search_effort(index, faiss_settings.ef_search)
    return CodeIndex(directory, manifest, [e.code for e in entries], [e.source for e in entries],
                     texts, index, bm25), True


def _load(directory: Path, faiss_settings: FaissSettings) -> CodeIndex:
    paths = _paths(directory)
    mark_used(paths["manifest"])
    manifest = json.loads(paths["manifest"].read_text(encoding="utf-8"))
    stored = json.loads(paths["texts"].read_text(encoding="utf-8"))
    index = dense_index.load(paths["faiss"])
    dense_index.set_search_effort(index, faiss_settings.ef_search)
    return CodeIndex(directory, manifest, stored["codes"], stored["sources"], stored["texts"],
                     index, BM25.load(paths["bm25"]))


def index_size_bytes(index: CodeIndex) -> int:
    return sum(p.stat().st_size for p in index.directory.iterdir() if p.is_file())
