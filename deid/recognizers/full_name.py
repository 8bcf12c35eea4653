"""Full names with no cue around them (full_name.yaml): a dictionary first name then a surname.

The dictionaries are Faker's person-name lists (deid/names.py); validation is set lookups:
the first word must be a first name that is not an everyday English word ("Will Grant" is
not taken, "Carly Jones" is), the last a dictionary surname or an uncommon capitalised word.
"""

from __future__ import annotations

import regex

from deid.names import first_names, last_names
from deid.recognizers.base import DataRecognizer
from deid.recognizers.wordlists import in_wordnet, is_common_word


class FullNameRecognizer(DataRecognizer):
    DATA_FILE = "full_name.yaml"
    MODULE_FILE = __file__

    def __init__(self, spec=None):
        super().__init__(spec)
        self.first = {n.lower() for n in first_names()}
        self.last = {n.lower() for n in last_names()}

    def candidates(self, text: str):
        # word pairs overlap ("met eva kleist": "met eva" fails, "eva kleist" must still be
        # tried), so scan with overlapped matching
        for pattern in self.patterns:
            for match in pattern.pattern.finditer(text, overlapped=True):
                value = match.group("phi")
                if self.validate_full_name(value):
                    yield self._result(pattern, match.start("phi"), match.end("phi"))

    def validate_full_name(self, value: str) -> bool:
        words = [w for w in value.split() if len(w.rstrip(".")) > 1]
        if len(words) < 2:
            return False
        given, surname = words[0], words[-1]
        if given.lower() not in self.first or is_common_word(given):
            return False
        capitalised = all(w[0].isupper() for w in words)
        if surname.lower() in self.last:
            if capitalised:
                return True
            # lower case is weak evidence: "red lips" are both dictionary names
            return given.islower() and surname.islower() and not in_wordnet(given) and not in_wordnet(surname)
        return capitalised and not is_common_word(surname)
