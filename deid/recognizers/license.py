"""Certificate and licence numbers (license.yaml): driver's licences, passports, DEA/NPI and
board certificates after a cue."""

from deid.recognizers.base import DataRecognizer


class LicenseRecognizer(DataRecognizer):
    DATA_FILE = "license.yaml"
    MODULE_FILE = __file__
