"""Cities, counties and states: "City, ST 12345", "Columbus, Ohio", state names, towns after a
residence cue ("lives in ..."), "X County". Lists in city_state.yaml; spaCy's GPE entities
(ner.py) cover cities without a cue."""

from deid.recognizers.base import DataRecognizer


class CityStateRecognizer(DataRecognizer):
    DATA_FILE = "city_state.yaml"
    MODULE_FILE = __file__
