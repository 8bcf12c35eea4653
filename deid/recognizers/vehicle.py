"""Vehicle identifiers (vehicle.yaml): VINs by shape, plates and VINs after a cue."""

from deid.recognizers.base import DataRecognizer


class VehicleRecognizer(DataRecognizer):
    DATA_FILE = "vehicle.yaml"
    MODULE_FILE = __file__
