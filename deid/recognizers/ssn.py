"""US Social Security numbers (ssn.yaml), validated against the SSA's never-issued ranges."""

import regex

from deid.recognizers.base import DataRecognizer

NON_DIGITS = regex.compile(r"\D")


class SsnRecognizer(DataRecognizer):
    DATA_FILE = "ssn.yaml"
    MODULE_FILE = __file__

    def validate_ssn(self, value: str) -> bool:
        digits = NON_DIGITS.sub("", value)
        if len(digits) != 9 or len(set(digits)) == 1:
            return False
        area, group, serial = digits[:3], digits[3:5], digits[5:]
        return area not in ("000", "666") and not area.startswith("9") and group != "00" and serial != "0000"
