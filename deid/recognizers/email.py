"""E-mail addresses (email.yaml)."""

from deid.recognizers.base import DataRecognizer


class EmailRecognizer(DataRecognizer):
    DATA_FILE = "email.yaml"
    MODULE_FILE = __file__
