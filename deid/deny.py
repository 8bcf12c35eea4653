"""The deny list (data/deny_list.yaml): clinical abbreviations, eponyms, drug brand names and
generic place words that look like names or places.

Rule: a NAME or LOCATION span whose recognizer marked it deny-able (spaCy NER and cue-less
patterns; a title cue is evidence enough and is not deny-able) is dropped when its whole
text is a deny phrase or every word of it is a deny word (case-insensitive). Patterns with a
person cue (relative, credential) are deny-able as `cued`: eponyms, being surnames, do not
veto them; and a place word next to an eponym makes a place name ("Allen County").

Beside the list, every word the project knows is clinical (deid/clinical_lexicon.py: ICD-10-CM
words, drug names, nursing shorthand) is a deny word: one that is no dictionary name and no
place ("levophed", "intraoperative") vetoes even a cued candidate, one that is also a name or a
place ("ho", "foley") only a candidate no cue vouches for.
"""

from __future__ import annotations

import functools

import regex

from deid.resources import data_file, load_data

WORD = regex.compile(r"[\p{L}\d][\p{L}\d'’&/.\-]*")
DENYABLE_LABELS = ("NAME", "LOCATION")


# Lists of person-named things (instruments, signs, scales): their words are also surnames,
# so a cue that vouches for a person ("daughter Kelly", "Dr. Hunt") or a place word around
# them ("Jackson Memorial Hospital", "Allen County") outweighs them.
PERSON_NAMED_KEYS = ("eponyms", "devices_and_signs")
STRONG_KEYS = ("abbreviations", "generic_place_words", "payers", "diseases", "calendar", "anatomy_latin", "role_words",
               "products")


@functools.lru_cache(maxsize=None)
def _deny_sets(path: str) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    spec = load_data(path)

    def words_of(keys):
        return frozenset(str(w).lower() for key in keys for w in spec.get(key, []))

    from deid.clinical_lexicon import clinical_tiers

    clinical_strong, clinical_weak = clinical_tiers()
    listed_strong, person_named = words_of(STRONG_KEYS), words_of(PERSON_NAMED_KEYS)
    # the curated lists decide for their own words; the lexicon's tiers for the rest
    strong = (listed_strong | clinical_strong) - person_named
    every = listed_strong | person_named | clinical_strong | clinical_weak
    phrases = frozenset(str(p).lower() for p in spec.get("phrases", []))
    return every, strong, phrases, words_of(["generic_place_words"])


class DenyList:
    def __init__(self, path: str | None = None):
        self.words, self.strong_words, self.phrases, self.place_words = _deny_sets(
            str(path or data_file(__file__, "data/deny_list.yaml")))

    def vetoes(self, value: str, cued: bool = False) -> bool:
        """Every word is a deny word. ``cued``: a cue already vouches for a person, so only
        words that are never surnames veto (abbreviations, diseases, calendar, place words);
        a possessive eponym ("Parkinson's") still does."""
        normalized = " ".join(value.lower().split())
        if normalized in self.phrases and not cued:  # "moved from Ann Arbor" is the town
            return True
        tokens = [t.rstrip(".").lower() for t in WORD.findall(value)]
        if not tokens:
            return True
        if not all(self._listed(t, self.words) for t in tokens):
            return False
        if cued:
            return all(self._listed(t, self.strong_words) or t.endswith(("'s", "’s")) for t in tokens)
        # "Jackson Veterans Affairs Medical Center", "Allen County": a person-named word inside
        # a facility or county name is that place's name, not an instrument
        named = [t for t in tokens if not self._listed(t, self.strong_words)]
        return not (named and any(t in self.place_words and t not in _GLUE for t in tokens))

    @staticmethod
    def _listed(token: str, words: frozenset[str]) -> bool:
        return token in words or token.rstrip("'’s") in words or token.endswith("'s") and token[:-2] in words


_GLUE = frozenset({"the", "a", "an", "of", "and", "for", "at", "in", "&", "new", "old", "same", "day"})
