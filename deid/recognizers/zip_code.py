"""ZIP and postal codes (zip_code.yaml): ZIP+4 always, a bare ZIP only after a state code or a
ZIP cue, so lab values and counts of five digits are not flagged."""

from deid.recognizers.base import DataRecognizer


class ZipCodeRecognizer(DataRecognizer):
    DATA_FILE = "zip_code.yaml"
    MODULE_FILE = __file__
