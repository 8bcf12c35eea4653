"""Dates in the formats clinicians write: 3/4, 03-04-2021, 2021-03-04, Jan 3rd, 3rd of
January, Jan '21, times written beside a date, ranges ("3/4-3/6", "Jan 3-5"), weekdays next to
a date cue, holidays. Patterns and the "not a date" word lists are in clinical_date.yaml."""

from deid.recognizers.base import DataRecognizer


class ClinicalDateRecognizer(DataRecognizer):
    DATA_FILE = "clinical_date.yaml"
    MODULE_FILE = __file__
