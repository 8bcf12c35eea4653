"""Any other unique identifying number (other_id.yaml): IDs after a cue, long digit runs that
are not measurements, and letter+digit codes."""

from deid.recognizers.base import DataRecognizer


class OtherIdRecognizer(DataRecognizer):
    DATA_FILE = "other_id.yaml"
    MODULE_FILE = __file__
