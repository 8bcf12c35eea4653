"""Coding-guideline knowledge shared by the generator and the labeller, read from data files:
combination codes (data/combinations.yaml) and personal-history codes (data/history_map.yaml).

The generator uses them to decide how a drawn combination code may be *written* (e.g. I11.0 as
"hypertension" beside a heart-failure line); the labeller uses them to *code* what it read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Combination:
    result: str
    first: str
    second: str
    also: str | None
    keep_second: bool
    scope: str  # "line" or "note"
    phrasing: str | None


def matches(code: str, prefix: str) -> bool:
    return code == prefix or code.startswith(prefix if "." in prefix else prefix + ".")


@lru_cache(maxsize=1)
def _combination_file() -> dict:
    return yaml.safe_load((DATA / "combinations.yaml").read_text())


def combinations() -> list[Combination]:
    return [Combination(r["result"], r["parts"][0], r["parts"][1], r.get("also"), bool(r["keep_second"]),
                        r["scope"], r.get("phrasing")) for r in _combination_file()["rules"]]


def link_words() -> frozenset[str]:
    return frozenset(_combination_file()["link"])


@lru_cache(maxsize=1)
def history_map() -> dict[str, str]:
    return {str(k): str(v) for k, v in yaml.safe_load((DATA / "history_map.yaml").read_text()).items()}


def personal_history_code(code: str) -> str | None:
    """The Z85-Z87 (or I25.2) code for a resolved condition, longest prefix first."""
    table = history_map()
    for size in range(len(code), 2, -1):
        hit = table.get(code[:size])
        if hit:
            return hit
    return None


def apply_combinations(evidence: dict[str, set[int]], line_tokens: dict[int, list[str]] | None = None
                       ) -> tuple[dict[str, set[int]], list[str]]:
    """Replace combinable pairs by their combination code. ``evidence``: code -> line indices.

    Line-scoped rules need both parts on one line with a link word; ``line_tokens=None``
    (the generator's view, which has no lines yet) treats line rules as satisfied.
    Returns the new evidence map and a description of each rule applied.
    """
    evidence = {code: set(lines) for code, lines in evidence.items()}
    applied: list[str] = []
    links = link_words()
    changed = True
    while changed:
        changed = False
        for rule in combinations():
            firsts = [c for c in evidence if matches(c, rule.first)]
            seconds = [c for c in evidence if matches(c, rule.second)]
            if not firsts or not seconds:
                continue
            if rule.also and not any(matches(c, rule.also) for c in evidence):
                continue
            a, b = firsts[0], seconds[0]
            if rule.scope == "line" and line_tokens is not None:
                shared = [i for i in evidence[a] & evidence[b] if links & set(line_tokens.get(i, ()))]
                if not shared:
                    continue
            merged = evidence.pop(a) | evidence[b]
            if not rule.keep_second:
                evidence.pop(b)
            evidence[rule.result] = evidence.get(rule.result, set()) | merged
            applied.append(f"{a}+{b}->{rule.result}")
            changed = True
            break
    return evidence, applied
