"""Device identifiers and serial numbers (device.yaml): serial/lot/UDI numbers after a cue and
GS1 UDI strings."""

from deid.recognizers.base import DataRecognizer


class DeviceRecognizer(DataRecognizer):
    DATA_FILE = "device.yaml"
    MODULE_FILE = __file__
