"""Street addresses: "1234 N. Main Street, Apt 5B", P.O. boxes, unit numbers, "Address: ..."
fields, and number-after-street forms after an address cue (street_address.yaml).

The street-type list is the YAML list plus the street suffixes Faker's en_US address
provider ships (USPS forms such as "Radial", "Ville", "Tunnel"), each in Title and UPPER case.
"""

from __future__ import annotations

import copy

from deid.recognizers.base import DataRecognizer
from deid.recognizers.city_state import address_tail_extent, place_extent
from deid.resources import load_data


def _with_case_variants(words) -> list[str]:
    variants = set()
    for word in words:
        word = str(word)
        variants.update({word, word[:1].upper() + word[1:], word.upper()})
    return sorted(variants)


class StreetAddressRecognizer(DataRecognizer):
    DATA_FILE = "street_address.yaml"
    MODULE_FILE = __file__

    def __init__(self, spec=None):
        from faker.providers.address.en_US import Provider

        spec = copy.deepcopy(spec if spec is not None else load_data(self.data_path()))
        types = list(spec["vocab"]["street_types"]) + list(Provider.street_suffixes)
        spec["vocab"]["street_types"] = _with_case_variants(types)
        # lower-case notes: only street types of 4+ letters ("33 pt" is no street)
        spec["vocab"]["street_types_lower"] = sorted({str(t).lower() for t in types if len(str(t)) >= 4})
        super().__init__(spec)

    def refine_address_tail(self, text: str, start: int, end: int):
        return address_tail_extent(text, start, end)

    def refine_place(self, text: str, start: int, end: int):
        return place_extent(text, start, end)
