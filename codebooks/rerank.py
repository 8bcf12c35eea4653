"""Hierarchy-aware re-ranking: from a retrieved code to the most specific code the text supports.

Index entries and titles often point at a subcategory (``S60.82``, ``T75.81``) whose billable
codes add laterality, type or a 7th character. For such a candidate we also offer its best
billable descendant, chosen by the words the descendant adds to its parent's title that the
line actually contains. Without such words the parent keeps its place (the text does not say
more), and the "unspecified"/initial-encounter descendant follows it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from codebooks.bm25 import tokenize
from codebooks.icd10cm import ICD10CM

# When the line names nothing that tells the descendants apart, fall back to the variant a
# coder would choose: "unspecified ..." and the 7th character "A" (initial encounter).
UNSPECIFIED_BONUS = 0.5
INITIAL_ENCOUNTER_BONUS = 0.3
EXTRA_WORD_PENALTY = 0.05


@dataclass(frozen=True)
class _Family:
    children: tuple[str, ...]
    priors: tuple[float, ...]
    by_word: dict[str, tuple[int, ...]]  # word -> children whose title adds that word
    default: int                          # child chosen when the line adds nothing


class Specializer:
    def __init__(self, codebook: ICD10CM, max_descendants: int = 2000):
        self.codebook = codebook
        self.max_descendants = max_descendants
        self._family = lru_cache(maxsize=50_000)(self._compute_family)

    def _compute_family(self, code: str) -> _Family | None:
        parent_words = set(tokenize(self.codebook.description(code)))
        children, priors, by_word = [], [], defaultdict(list)
        for child in self.codebook.descendants(code, billable_only=True)[: self.max_descendants]:
            extra = set(tokenize(self.codebook.description(child))) - parent_words
            prior = UNSPECIFIED_BONUS * ("unspecified" in extra) - EXTRA_WORD_PENALTY * len(extra)
            if len(child.replace(".", "")) == 7 and child.endswith("A"):
                prior += INITIAL_ENCOUNTER_BONUS
            for word in extra:
                by_word[word].append(len(children))
            children.append(child)
            priors.append(prior)
        if not children:
            return None
        default = max(range(len(children)), key=lambda i: (priors[i], -len(children[i])))
        return _Family(tuple(children), tuple(priors), {w: tuple(v) for w, v in by_word.items()}, default)

    def best_descendant(self, code: str, line_words: set[str]) -> tuple[str, int] | None:
        """(descendant, number of its distinguishing words found in the line), or None."""
        family = self._family(code)
        if family is None:
            return None
        matched: dict[int, int] = defaultdict(int)
        for word in line_words:
            for index in family.by_word.get(word, ()):
                matched[index] += 1
        if not matched:
            return family.children[family.default], 0
        # The last key, codebook order, settles ties: ``matched`` is filled in the order of a
        # set of words, which changes between processes (hash seeds), so without it equal
        # children ("NIHSS score 2" / "score 8") came out differently from run to run.
        best = max(matched, key=lambda i: (matched[i] + family.priors[i], -len(family.children[i]), -i))
        return family.children[best], matched[best]
