"""A prior from the Alphabetic Index structure: where do the neighbours of a path point?

Index queries are paths of terms ("Fracture, radius, lower end, torus"). An unseen path
usually shares its leading terms with paths in the corpus, and the codes under that shared
prefix say which category (and often which subcategory) the answer lies in: "Diabetes,
diabetic, with, ..." points to E11 because the index defaults unspecified diabetes to type 2.
For a line we find the longest leading part that the corpus' index paths share and turn the
codes found under it into shares per category and per code.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from codebooks.normalize import dotless


def _parts(text: str) -> list[str]:
    return [" ".join(p.lower().split()) for p in text.split(",") if p.strip()]


class PathPrior:
    def __init__(self, paths: list[str], codes: list[str]):
        self._codes: dict[str, Counter] = defaultdict(Counter)
        for path, code in zip(paths, codes):
            parts = _parts(path)
            key = dotless(code)
            for j in range(1, len(parts) + 1):
                self._codes[", ".join(parts[:j])][key] += 1
        self._codes = dict(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def neighbourhood(self, line: str) -> tuple[dict[str, float], dict[str, float]]:
        """(share per category, share per dotless code) under the longest known proper prefix."""
        parts = _parts(line)
        for j in range(len(parts) - 1, 0, -1):
            found = self._codes.get(", ".join(parts[:j]))
            if found:
                total = sum(found.values())
                categories: Counter = Counter()
                for code, count in found.items():
                    categories[code[:3]] += count
                return ({c: n / total for c, n in categories.items()},
                        {c: n / total for c, n in found.items()})
        return {}, {}
