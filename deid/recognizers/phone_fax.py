"""Phone and fax numbers: US forms with parentheses, dots, dashes and extensions,
international numbers, and grouped local numbers after a phone cue (phone_fax.yaml).
A phone number with a fax cue just before it is reported as FAX."""

from __future__ import annotations

import regex

from deid.recognizers.base import DEFAULT_PROFILE, DataRecognizer, alternation


CLOCK_RANGE = regex.compile(r"(?:[01]\d|2[0-3])[0-5]\d[ \t]*[\-–][ \t]*(?:[01]\d|2[0-3])[0-5]\d")


class PhoneFaxRecognizer(DataRecognizer):
    DATA_FILE = "phone_fax.yaml"
    MODULE_FILE = __file__
    FAX_WINDOW = 20  # characters before the number searched for a fax cue

    def __init__(self, spec=None, profile=DEFAULT_PROFILE):
        super().__init__(spec, profile)
        self.fax_cue = regex.compile(rf"(?<![A-Za-z])(?:{alternation(self.spec['vocab']['fax_cues'])})",
                                     regex.IGNORECASE)
        self.supported_entities = ["FAX", "PHONE"]

    def validate_digit_count(self, value: str) -> bool:
        """Phone numbers carry 7 to 15 digits (E.164 caps them at 15); two clock times joined by
        a dash are a shift ("0700-1900", "1900 - 0700"), not a number."""
        if CLOCK_RANGE.fullmatch(value):
            return False
        return 7 <= sum(c.isdigit() for c in value) <= 15

    def analyze(self, text, entities, nlp_artifacts=None):
        results = []
        for result in self.candidates(text):
            if result.entity_type == "PHONE" and self.fax_cue.search(
                    text, max(0, result.start - self.FAX_WINDOW), result.start):
                result.entity_type = "FAX"
            results.append(result)
        return results
