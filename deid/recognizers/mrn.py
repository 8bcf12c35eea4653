"""Medical record numbers after an MRN cue (mrn.yaml)."""

from deid.recognizers.base import DataRecognizer


class MrnRecognizer(DataRecognizer):
    DATA_FILE = "mrn.yaml"
    MODULE_FILE = __file__
