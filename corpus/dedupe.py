"""Near-duplicate removal across splits (MinHash LSH over word n-grams of the note text).

Two near-identical notes in train and test would let a model score by memory. When a
pair spans two splits, the copy in the larger split is removed (train before validation
before test) so the evaluation splits stay intact. Pairs inside one split are kept:
within-split duplicates are the producers' job (the synthetic branch dedupes its runs).
Processing is in record-id order, so the result does not depend on input order.
"""

from __future__ import annotations

import functools
import re
import zlib

from datasketch import MinHash, MinHashLSH

from corpus.settings import CorpusSettings

# Lower number = removed first when a near-duplicate pair spans two splits.
_REMOVAL_ORDER = {"train": 0, "validation": 1, "test": 2}
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


@functools.lru_cache(maxsize=4)
def _permutations(num_perm: int):
    # Drawing the permutations costs as much as hashing a note: draw them once per run.
    return MinHash(num_perm=num_perm, seed=1).permutations


def _minhash(text: str, settings: CorpusSettings) -> MinHash:
    # crc32 (C, deterministic across processes) instead of datasketch's default sha1:
    # hashing shingles was most of the build time, and MinHash only needs a 32-bit hash.
    signature = MinHash(num_perm=settings.minhash_permutations, hashfunc=zlib.crc32,
                        permutations=_permutations(settings.minhash_permutations), scheme="affine32")
    signature.update_batch([s.encode("utf-8") for s in shingles(text, settings.shingle_words)])
    return signature


def find_cross_split_duplicates(records, settings: CorpusSettings, progress=None) -> list[dict]:
    """Pairs to remove: ``{"removed", "kept", "removed_split", "kept_split", "similarity"}``."""
    ordered = sorted(records, key=lambda r: r.id)
    lsh = MinHashLSH(threshold=settings.near_duplicate_threshold, num_perm=settings.minhash_permutations)
    signatures, by_id, removed, pairs = {}, {r.id: r for r in ordered}, set(), []
    for record in ordered:
        signature = _minhash(record.text, settings)
        signatures[record.id] = signature
        for other_id in sorted(lsh.query(signature)):
            other = by_id[other_id]
            if other.split == record.split or other_id in removed or record.id in removed:
                continue
            similarity = signature.jaccard(signatures[other_id])
            if similarity < settings.near_duplicate_threshold:
                continue  # an LSH candidate, not a near-duplicate
            loser, keeper = sorted((record, other), key=lambda r: (_REMOVAL_ORDER[r.split], r.id))
            removed.add(loser.id)
            pairs.append({"removed": loser.id, "kept": keeper.id, "removed_split": loser.split,
                          "kept_split": keeper.split, "similarity": round(similarity, 4)})
        lsh.insert(record.id, signature)
        if progress is not None:
            progress()
    return pairs
