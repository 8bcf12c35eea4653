"""The deny list (data/deny_list.yaml): clinical abbreviations, eponyms, drug brand names and
generic place words that look like names or places.

Rule: a NAME or LOCATION span whose recognizer marked it deny-able (spaCy NER and cue-less
patterns; a title or a relative cue is evidence enough and is not deny-able) is dropped
when its whole text is a deny phrase or every word of it is a deny word (case-insensitive).
"""

from __future__ import annotations

import functools

import regex

from deid.resources import data_file, load_data

WORD = regex.compile(r"[\p{L}\d][\p{L}\d'’&/.\-]*")
DENYABLE_LABELS = ("NAME", "LOCATION")


@functools.lru_cache(maxsize=None)
def _deny_sets(path: str) -> tuple[frozenset[str], frozenset[str]]:
    spec = load_data(path)
    words = set()
    for key in ("abbreviations", "eponyms", "generic_place_words", "payers", "diseases", "calendar",
                "devices_and_signs", "anatomy_latin"):
        words.update(str(w).lower() for w in spec.get(key, []))
    phrases = frozenset(str(p).lower() for p in spec.get("phrases", []))
    return frozenset(words), phrases


class DenyList:
    def __init__(self, path: str | None = None):
        self.words, self.phrases = _deny_sets(str(path or data_file(__file__, "data/deny_list.yaml")))

    def vetoes(self, value: str) -> bool:
        normalized = " ".join(value.lower().split())
        if normalized in self.phrases:
            return True
        tokens = [t.rstrip(".").lower() for t in WORD.findall(value)]
        if not tokens:
            return True
        return all(t in self.words or t.rstrip("'’s") in self.words or t.endswith("'s") and t[:-2] in self.words
                   for t in tokens)
