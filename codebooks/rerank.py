"""Hierarchy-aware re-ranking: from a retrieved code to the most specific code the text supports.

Index entries and titles often point at a subcategory (``S60.82``, ``T75.81``) whose billable
codes add laterality, type or a 7th character. For such a candidate we also offer its best
billable descendant, chosen by the words the descendant adds to its parent's title that the
line actually contains. Without such words the parent keeps its place (the text does not say
more), and the "unspecified"/initial-encounter descendant follows it.
"""

from __future__ import annotations

from functools import lru_cache

from codebooks.bm25 import tokenize
from codebooks.icd10cm import ICD10CM

# When the line names nothing that tells the descendants apart, fall back to the variant a
# coder would choose: "unspecified ..." and the 7th character "A" (initial encounter).
UNSPECIFIED_BONUS = 0.5
INITIAL_ENCOUNTER_BONUS = 0.3
EXTRA_WORD_PENALTY = 0.05


class Specializer:
    def __init__(self, codebook: ICD10CM, max_descendants: int = 400):
        self.codebook = codebook
        self.max_descendants = max_descendants
        self._descendants = lru_cache(maxsize=20000)(self._compute_descendants)

    def _compute_descendants(self, code: str) -> tuple[tuple[str, frozenset[str], float], ...]:
        """(billable descendant, words it adds to ``code``'s title, default preference)."""
        parent_words = set(tokenize(self.codebook.description(code)))
        out = []
        for child in self.codebook.descendants(code, billable_only=True)[: self.max_descendants]:
            description = self.codebook.description(child)
            extra = frozenset(tokenize(description)) - parent_words
            prior = UNSPECIFIED_BONUS * ("unspecified" in extra)
            if len(child.replace(".", "")) == 7 and child.endswith("A"):
                prior += INITIAL_ENCOUNTER_BONUS
            out.append((child, extra, prior - EXTRA_WORD_PENALTY * len(extra)))
        return tuple(out)

    def best_descendant(self, code: str, line_words: set[str]) -> tuple[str, int] | None:
        """(descendant, number of its distinguishing words found in the line), or None."""
        best, best_key = None, None
        for child, extra, prior in self._descendants(code):
            matched = len(extra & line_words)
            key = (matched + prior, -len(child))
            if best_key is None or key > best_key:
                best, best_key = (child, matched), key
        return best
