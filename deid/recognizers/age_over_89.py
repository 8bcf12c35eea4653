"""AGE_OVER_89: ages of 90 and above in age phrases ("92 yo", "aged 95", "ninety-one-year-old").
HIPAA allows younger ages, so nothing under 90 is flagged."""

from deid.recognizers.base import DataRecognizer


class AgeOver89Recognizer(DataRecognizer):
    DATA_FILE = "age_over_89.yaml"
    MODULE_FILE = __file__
