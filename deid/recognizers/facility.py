"""Hospital and facility names ("Springfield General Hospital", "St. Mary's", "University of
X Medical Center"); facility words in facility.yaml."""

from deid.recognizers.base import DataRecognizer


class FacilityRecognizer(DataRecognizer):
    DATA_FILE = "facility.yaml"
    MODULE_FILE = __file__
