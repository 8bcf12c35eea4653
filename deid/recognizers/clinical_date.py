"""Dates in the formats clinicians write: 3/4, 03-04-2021, 2021-03-04, Jan 3rd, 3rd of
January, Jan '21, times written beside a date, ranges ("3/4-3/6", "Jan 3-5"), weekdays next to
a date cue (strict profile), holidays. Patterns and the "not a date" word lists are in
clinical_date.yaml."""

import regex

from deid.recognizers.base import DataRecognizer

FRACTION = regex.compile(r"(?<![\w/.])(\d{1,2})/(\d{1,2})(?![\w/]|\.\d)")
# what may stand between two members of a list: "2/10, 3/10 and 1/10", "3/10; 4/10"
LIST_GAP = regex.compile(r"[ \t]*(?:[,;]|and|or|then|to|-|–)?[ \t]*(?:and[ \t]+)?", regex.IGNORECASE)


class ClinicalDateRecognizer(DataRecognizer):
    DATA_FILE = "clinical_date.yaml"
    MODULE_FILE = __file__

    def refine_outside_score_list(self, text: str, start: int, end: int):
        """None when the fraction sits in a list of fractions over the same denominator with
        another numerator ("VAS 2/10, 3/10, 7/10"): scores share the denominator, while a run
        of dates shares the month ("3/10, 3/11")."""
        match = FRACTION.fullmatch(text, start, end)
        if match is None:
            return start, end
        for neighbour in self._neighbours(text, start, end):
            if neighbour.group(2) == match.group(2) and neighbour.group(1) != match.group(1):
                return None
        return start, end

    @staticmethod
    def _neighbours(text: str, start: int, end: int):
        after = FRACTION.match(text, LIST_GAP.match(text, end).end())
        if after is not None:
            yield after
        window = max(0, start - 16)
        for before in FRACTION.finditer(text, window, start):
            if LIST_GAP.fullmatch(text, before.end(), start):
                yield before
