"""Street addresses: "1234 N. Main Street, Apt 5B", P.O. boxes, unit numbers, "Address: ..."
fields, and number-after-street forms after an address cue (street_address.yaml)."""

from deid.recognizers.base import DataRecognizer


class StreetAddressRecognizer(DataRecognizer):
    DATA_FILE = "street_address.yaml"
    MODULE_FILE = __file__
