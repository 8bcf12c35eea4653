"""Measurements of a synthetic run: label fidelity, diversity, lengths, and micro P/R/F1."""

from __future__ import annotations

import re
from statistics import quantiles

from synth import icd

_WORD = re.compile(r"\w+")


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def micro(gold: list[set[str]], predicted: list[set[str]], level: str = "exact") -> dict:
    """Micro P/R/F1 over documents; codes compared upper-case without dots (or 3-char categories)."""
    tp = fp = fn = 0
    for g, p in zip(gold, predicted):
        if level == "category":
            g, p = {icd.dotless(c)[:3] for c in g}, {icd.dotless(c)[:3] for c in p}
        else:
            g, p = {icd.dotless(c) for c in g}, {icd.dotless(c) for c in p}
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    return prf(tp, fp, fn)


def fidelity(generated: list[dict], labelled: list[dict]) -> dict:
    """Intended codes (seed + co-occurring + history, minus traps) vs the labeller's codes.

    ``generated``: {"intended_icd10cm", "intended_cpt", "traps"}; ``labelled``: {"icd10cm", "cpt"}
    (a discarded note counts with no codes, so discards cost recall).
    """
    gold = [set(g["intended_icd10cm"]) for g in generated]
    pred = [{c["code"] for c in lab["icd10cm"]} for lab in labelled]
    traps = [(t["code"], t["kind"], {c["code"] for c in lab["icd10cm"]}) for g, lab in zip(generated, labelled)
             for t in g["traps"]]
    by_kind: dict[str, list[int]] = {}
    for code, kind, got in traps:
        by_kind.setdefault(kind, []).append(int(code in got))
    cpt_gold = [set(g["intended_cpt"]) for g in generated]
    cpt_pred = [{c["code"] for c in lab["cpt"]} for lab in labelled]
    return {
        "notes": len(generated),
        "exact": micro(gold, pred), "category": micro(gold, pred, "category"),
        "notes_all_correct": round(sum(g == p for g, p in zip(gold, pred)) / max(len(gold), 1), 4),
        "trap_mentions": len(traps),
        "trap_false_positive_rate": round(sum(v for vs in by_kind.values() for v in vs) / max(len(traps), 1), 4),
        "trap_false_positive_by_kind": {k: round(sum(v) / len(v), 4) for k, v in sorted(by_kind.items())},
        "cpt": micro(cpt_gold, cpt_pred) if any(cpt_gold) else None,
    }


def distinct_n(texts: list[str], n: int = 2) -> dict:
    """Distinct-n (Li et al. 2016): unique n-grams / n-grams, over the corpus and per note."""
    total, unique, per_note = 0, set(), []
    for text in texts:
        words = _WORD.findall(text.lower())
        grams = [tuple(words[i:i + n]) for i in range(len(words) - n + 1)]
        total += len(grams)
        unique.update(grams)
        if grams:
            per_note.append(len(set(grams)) / len(grams))
    return {"corpus": round(len(unique) / total, 4) if total else 0.0,
            "per_note_mean": round(sum(per_note) / len(per_note), 4) if per_note else 0.0}


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def distinct_n_at_tokens(texts: list[str], tokens: int, n: int = 2) -> dict:
    """Corpus distinct-n over the first ``tokens`` words of ``texts`` (notes in order, the last
    one cut; n-grams never cross notes). Corpus distinct-n falls as a corpus grows, so two
    corpora whose notes differ in length are compared at the same word count, not note count."""
    total, unique, used = 0, set(), 0
    for text in texts:
        if used >= tokens:
            break
        w = words(text)[: tokens - used]
        used += len(w)
        grams = [tuple(w[i:i + n]) for i in range(len(w) - n + 1)]
        total += len(grams)
        unique.update(grams)
    return {"tokens": used, "corpus": round(len(unique) / total, 4) if total else 0.0}


def length_distribution(texts: list[str]) -> dict:
    def summary(values: list[int]) -> dict:
        if len(values) < 2:
            return {"min": min(values, default=0), "max": max(values, default=0)}
        q = quantiles(values, n=20)
        return {"min": min(values), "p5": round(q[0]), "p25": round(q[4]), "median": round(q[9]),
                "p75": round(q[14]), "p95": round(q[18]), "max": max(values)}
    return {"chars": summary([len(t) for t in texts]),
            "words": summary([len(_WORD.findall(t)) for t in texts]),
            "lines": summary([sum(1 for line in t.split("\n") if line.strip()) for t in texts])}
