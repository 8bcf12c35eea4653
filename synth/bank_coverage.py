"""Which of a run's conditions the condition-specific banks speak about: per bank, the share of
intended-code mentions (and of seeds) with an entry of their own (a key longer than a chapter
letter), and the categories most often left on a chapter fallback or on generic text. Tells a
bank author where the next entries pay off (`synth eval` prints it)."""

from __future__ import annotations

from collections import Counter

from synth.generate import banks
from synth.generate.measurements import clinical


def _tables() -> dict[str, dict]:
    return {"problem": banks.load("problem")["by_code"], "plans": banks.load("plans")["by_code"],
            "studies": banks.load("studies")["by_code"], "follow-up": banks.load("narrative").get("follow_up_by_code", {}),
            "exam": {key: True for system in banks.load("exam")["systems"] for key in system.get("by_code", {})},
            "medications": clinical()["meds_by_code"], "labs": clinical()["labs_by_code"]}


def _specific_keys(table: dict) -> tuple[str, ...]:
    return tuple(sorted({key.replace(".", "") for key in table if len(key) > 1}))


def coverage(generated: list[dict], top: int = 8) -> list[dict]:
    """One row per bank: keys, mention and seed coverage, the most frequent uncovered categories."""
    mentions = Counter(code.replace(".", "") for g in generated for code in g["intended_icd10cm"])
    seeds = Counter(g["seed"].replace(".", "") for g in generated)
    rows = []
    for name, table in _tables().items():
        keys = _specific_keys(table)
        if not keys:
            continue
        covered = {code for code in set(mentions) | set(seeds) if code.startswith(keys)}
        uncovered = Counter()
        for code, n in mentions.items():
            if code not in covered:
                uncovered[code[:3]] += n
        rows.append({"bank": name, "keys": len(table),
                     "mentions": round(sum(n for c, n in mentions.items() if c in covered) / max(sum(mentions.values()), 1), 2),
                     "seeds": round(sum(n for c, n in seeds.items() if c in covered) / max(sum(seeds.values()), 1), 2),
                     "most_uncovered": [f"{c}:{n}" for c, n in uncovered.most_common(top)]})
    return rows
