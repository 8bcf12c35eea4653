"""Match procedure lines to the procedure catalog (codebooks' ProcedureCatalog, or any
code -> description mapping): fuzzy token-set match of the line against each entry's long and
short descriptions; only lines in a procedure section are considered."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

_DEMO = re.compile(r"\s*\(demo wording[^)]*\)\s*$", re.IGNORECASE)


@dataclass
class ProcedureMatch:
    code: str
    description: str
    score: float  # 0..1


class ProcedureMatcher:
    def __init__(self, catalog: dict[str, dict], min_score: float = 0.9):
        """``catalog``: code -> {"long": ..., "short": ...}."""
        self.min_score = min_score
        self.choices: list[str] = []
        self.owner: list[str] = []
        self.description: dict[str, str] = {}
        for code, entry in sorted(catalog.items()):
            self.description[code] = _DEMO.sub("", entry.get("long", "")).strip()
            for text in (entry.get("long", ""), entry.get("short", "")):
                text = _DEMO.sub("", text or "").strip().lower()
                if text:
                    self.choices.append(text)
                    self.owner.append(code)

    @classmethod
    def from_catalog(cls, catalog, min_score: float = 0.9) -> "ProcedureMatcher":
        """From a codebooks ProcedureCatalog (iterable of CodeEntry)."""
        return cls({e.code: {"long": e.description, "short": e.short_description} for e in catalog}, min_score)

    def match(self, line: str) -> ProcedureMatch | None:
        if not self.choices or not line.strip():
            return None
        hit = process.extractOne(line.lower(), self.choices, scorer=fuzz.token_sort_ratio)
        if hit is None:
            return None
        text, score, position = hit
        if score / 100 < self.min_score:
            return None
        code = self.owner[position]
        return ProcedureMatch(code, self.description[code], round(score / 100, 4))
