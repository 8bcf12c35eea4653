"""Names with no cue around them (full_name.yaml): dictionary first names with a surname, and
single words that can only be names.

The dictionaries are Faker's person-name lists (deid/names.py); validation is set lookups:
the first word must be a first name that is not an everyday English word ("Will Grant" is
not taken, "Carly Jones" is), the last a dictionary surname or an uncommon capitalised word.
A single word needs more: a dictionary name that WordNet does not know at all, or a surname
ending from the data file ("Jeknić"), so that "Grant", "May" and "Brown" are left to cues.
"""

from __future__ import annotations

import unicodedata

import regex

from deid.names import extended_first_names, extended_last_names, last_names
from deid.recognizers.base import DEFAULT_PROFILE, DataRecognizer
from deid.recognizers.gazetteer import is_known_place
from deid.recognizers.wordlists import in_wordnet, is_common_word

POSSESSIVE = regex.compile(r"['’]s$")


def ends_like_surname(lower: str, suffixes: tuple[str, ...], exceptions: frozenset[str], min_length: int) -> bool:
    """A lower-cased word with a surname ending (full_name.yaml) that is no English word:
    "samoylova", "kowalczyk"; shared with the lower-case name recognizer."""
    return len(lower) >= min_length and lower.endswith(suffixes) and lower not in exceptions and not in_wordnet(lower)


class FullNameRecognizer(DataRecognizer):
    DATA_FILE = "full_name.yaml"
    MODULE_FILE = __file__

    def __init__(self, spec=None, profile=DEFAULT_PROFILE):
        super().__init__(spec, profile)
        self.last = {n.lower() for n in last_names()}
        # wider lists: evidence only for words that are no everyday English word (names.py)
        self.any_first = frozenset(n.lower() for n in extended_first_names())
        self.any_last = frozenset(n.lower() for n in extended_last_names())
        self.surname_suffixes = tuple(self.spec.get("surname_suffixes", ()))
        self.suffix_exceptions = frozenset(self.spec.get("surname_suffix_exceptions", ()))

    def candidates(self, text: str):
        # word pairs overlap ("met eva kleist": "met eva" fails, "eva kleist" must still be
        # tried), so scan with overlapped matching
        for pattern in self.patterns:
            for match in pattern.pattern.finditer(text, overlapped=True):
                start, end = match.start("phi"), match.end("phi")
                # validate_<name>, not_followed_by and not_preceded_by (base.py)
                if self._accept(pattern, text, start, end) \
                        and not (pattern.deny and self._deny_list().vetoes(text[start:end])):
                    yield self._result(pattern, start, end)

    def _products(self) -> frozenset[str]:
        """Drug names (clinical_lexicon.drug_words), the deny list's products and the makers it
        lists among its abbreviations in Title case ("Synthes", "Medtronic"; not "REHAB", "VNA")."""
        if not hasattr(self, "_product_words"):
            import deid.deny
            from deid.clinical_lexicon import drug_words
            from deid.resources import data_file, load_data

            spec = load_data(data_file(deid.deny.__file__, "data/deny_list.yaml"))
            makers = {str(w).lower() for w in spec.get("abbreviations", []) if str(w)[:1].isupper() and str(w)[1:].islower()}
            self._product_words = frozenset(drug_words()) | {str(w).lower() for w in spec.get("products", [])} | makers
        return self._product_words

    def has_surname_ending(self, word: str) -> bool:
        return ends_like_surname(word.lower(), self.surname_suffixes, self.suffix_exceptions, min_length=5)

    def has_foreign_letters(self, word: str) -> bool:
        """Letters beyond ASCII in a word that is, accents dropped, no English word, no deny
        word and no known place: "Sörös", "Zakoč"; not "Ménière", "Malmö"."""
        if not self.spec.get("foreign_letters") or word.isascii() or len(word) < 4:
            return False
        folded = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
        return not (in_wordnet(folded) or self._deny_list().vetoes(word) or self._deny_list().vetoes(folded)
                    or is_known_place(word) or is_known_place(folded))

    def validate_single_name(self, value: str) -> bool:
        word = POSSESSIVE.sub("", value)
        if len(word) < 3 or is_common_word(word) or in_wordnet(word):
            return False
        lower = word.lower()
        return (lower in self.any_first or lower in self.any_last or self.has_surname_ending(word)
                or self.has_foreign_letters(word))

    def validate_particle_name(self, value: str) -> bool:
        """"Willemine ten Pas": the given name is a dictionary given name or no English word."""
        given = value.split()[0]
        return not is_common_word(given) and (given.lower() in self.any_first or not in_wordnet(given))

    def validate_full_name(self, value: str) -> bool:
        words = [w for w in value.split() if len(w.rstrip(".")) > 1]
        if len(words) < 2:
            return False
        given, surname = words[0], words[-1]
        if any(w.lower() in self._products() and w.lower() not in self.any_first and w.lower() not in self.any_last
               for w in words):
            return False  # a drug or a product that no name list holds: "Add Septra", "LISS Synthes"
        capitalised = all(w[0].isupper() for w in words)
        if given.lower() not in self.any_first or is_common_word(given):
            # two capitalised non-words with some name evidence: "Esat Jeknić", "Impi Nummelin"
            return (capitalised and not any(is_common_word(w) or w.isupper() for w in words)
                    and any(w.lower() in self.any_first or w.lower() in self.any_last or self.has_surname_ending(w)
                            or self.has_foreign_letters(w) for w in words))
        if surname.lower() in self.last or surname.lower() in self.any_last and not is_common_word(surname):
            if capitalised:
                return True
            # lower case is weak evidence: "red lips" are both dictionary names
            return given.islower() and surname.islower() and not in_wordnet(given) and not in_wordnet(surname)
        return capitalised and not is_common_word(surname)
