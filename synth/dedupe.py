"""Duplicate removal: exact (hash of the whitespace/case-normalized text) and near-duplicate
(MinHash over word shingles with LSH, datasketch). The first note of a cluster is kept."""

from __future__ import annotations

import hashlib
import re

from datasketch import MinHash, MinHashLSH

_WORD = re.compile(r"\w+")


def normalized_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()


def minhash(text: str, shingle: int = 3, num_perm: int = 128) -> MinHash:
    words = _WORD.findall(text.lower())
    grams = {" ".join(words[i:i + shingle]) for i in range(max(len(words) - shingle + 1, 1))}
    m = MinHash(num_perm=num_perm, seed=1)
    m.update_batch([g.encode("utf-8") for g in grams])
    return m


def find_duplicates(texts: list[str], threshold: float = 0.8, shingle: int = 3, num_perm: int = 128) -> list[dict]:
    """One entry per dropped text: ``{"index", "duplicate_of", "kind", "jaccard"}``."""
    out: list[dict] = []
    seen: dict[str, int] = {}
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes: dict[int, MinHash] = {}
    for i, text in enumerate(texts):
        key = normalized_hash(text)
        if key in seen:
            out.append({"index": i, "duplicate_of": seen[key], "kind": "exact", "jaccard": 1.0})
            continue
        seen[key] = i
        m = minhash(text, shingle, num_perm)
        near = sorted(int(j) for j in lsh.query(m))
        if near:
            j = near[0]
            out.append({"index": i, "duplicate_of": j, "kind": "near", "jaccard": round(m.jaccard(hashes[j]), 4)})
            continue
        lsh.insert(str(i), m)
        hashes[i] = m
    return out


def dedupe(records: list[dict], threshold: float = 0.8, shingle: int = 3, num_perm: int = 128
           ) -> tuple[list[dict], list[dict]]:
    """(kept records, removed entries with note ids and reasons)."""
    found = find_duplicates([r["text"] for r in records], threshold, shingle, num_perm)
    drop = {d["index"]: d for d in found}
    kept = [r for i, r in enumerate(records) if i not in drop]
    removed = [{"note_id": records[d["index"]]["note_id"], "duplicate_of": records[d["duplicate_of"]]["note_id"],
                "kind": d["kind"], "jaccard": d["jaccard"]} for d in found]
    return kept, removed
