"""Person names that clinical context gives away: titles ("Dr. Smith"), relatives
("pt's daughter Mary"), signatures, "Patient: DOE, JOHN" headers, initials with surnames.

spaCy's NER (ner.py) finds most free-text names; these patterns catch the ones a small
general-domain model misses in clinical style (ALL CAPS, lower case, "Last, First").
A lower-case candidate is kept only when it is not an English word (validate_not_word),
so "dr to review" is not a name but "daughter mary" is.
"""

from __future__ import annotations

from deid.recognizers.base import DataRecognizer
from deid.recognizers.wordlists import is_common_word


class PersonNameRecognizer(DataRecognizer):
    DATA_FILE = "person_name.yaml"
    MODULE_FILE = __file__

    def validate_not_word(self, value: str) -> bool:
        """At least one token of the candidate is not an everyday lower-case English word."""
        tokens = [t for t in value.replace(",", " ").split() if t.rstrip(".").isalpha()]
        return any(not is_common_word(t.rstrip(".")) for t in tokens)
