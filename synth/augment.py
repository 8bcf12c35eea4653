"""Augmentation: concatenate pairs of labelled notes of one generation group into a longer
note, merging labels and shifting the second note's evidence line indices.

A pair is skipped (and counted) when merging would change the coding itself: an Excludes1
pair across the two notes, or codes the guidelines combine (I10 in one, I50.x in the other).
"""

from __future__ import annotations

import hashlib
import random

from synth import guidelines, icd


def _merge_codes(first: list[dict], second: list[dict], shift: int) -> list[dict]:
    merged: dict[str, dict] = {c["code"]: {**c, "evidence": list(c["evidence"])} for c in first}
    for c in second:
        moved = [i + shift for i in c["evidence"]]
        if c["code"] in merged:
            entry = merged[c["code"]]
            entry["evidence"] = sorted(set(entry["evidence"]) | set(moved))
            entry["confidence"] = max(entry["confidence"], c["confidence"])
        else:
            merged[c["code"]] = {**c, "evidence": moved}
    return list(merged.values())


def conflict(a: dict, b: dict) -> str | None:
    """Why two notes' labels cannot simply be merged (None when they can)."""
    codes_a = [c["code"] for c in a["icd10cm"]]
    codes_b = [c["code"] for c in b["icd10cm"]]
    for x in codes_a:
        for y in codes_b:
            if x != y and icd.excludes1_conflict(x, y):
                return f"Excludes1 {x} / {y}"
            if x != y and icd.category(x) == icd.category(y) and (icd.is_unspecified(x) or icd.is_unspecified(y)):
                return f"specificity {x} / {y}"
    union = {c: {0} for c in codes_a + codes_b}
    _, applied = guidelines.apply_combinations(union)
    return f"combination {applied[0]}" if applied else None


def pair_note(a: dict, b: dict) -> dict:
    shift = len(a["lines"])
    note_id = hashlib.sha256(f"{a['note_id']}+{b['note_id']}".encode()).hexdigest()[:16]
    return {
        "note_id": note_id, "group_id": a["group_id"], "text": a["text"].rstrip("\n") + "\n\n" + b["text"],
        "lines": list(a["lines"]) + list(b["lines"]),
        "icd10cm": _merge_codes(a["icd10cm"], b["icd10cm"], shift),
        "cpt": _merge_codes(a["cpt"], b["cpt"], shift),
        "notes": [f"augmented: concatenation of {a['note_id']} and {b['note_id']} (second shifted by {shift} lines)"],
        "source_notes": [a["note_id"], b["note_id"]],
    }


def augment(records: list[dict], fraction: float, rng: random.Random) -> tuple[list[dict], list[dict]]:
    """``fraction`` x len(records) concatenated pairs (within a group, each note in one pair at
    most). Returns (pairs, skipped)."""
    wanted = round(fraction * len(records))
    groups: dict[str, list[dict]] = {}
    for r in records:
        groups.setdefault(r["group_id"], []).append(r)
    candidates = [(a, b) for g in sorted(groups) for i, a in enumerate(groups[g]) for b in groups[g][i + 1:]]
    rng.shuffle(candidates)
    pairs, skipped = [], []
    used: set[str] = set()  # a note joins one pair at most: A+B beside A+C is a near-duplicate when B and C are short
    for a, b in candidates:
        if len(pairs) >= wanted:
            break
        if a["note_id"] in used or b["note_id"] in used:
            continue
        reason = conflict(a, b)
        if reason:
            skipped.append({"first": a["note_id"], "second": b["note_id"], "reason": reason})
            continue
        pairs.append(pair_note(a, b) if rng.random() < 0.5 else pair_note(b, a))
        used |= {a["note_id"], b["note_id"]}
    return pairs, skipped
