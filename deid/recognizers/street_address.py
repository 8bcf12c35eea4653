"""Street addresses: "1234 N. Main Street, Apt 5B", P.O. boxes, unit numbers, "Address: ..."
fields, streets of other countries ("Hersnapvej 18", "Rua do Arenque 1634", "ul. Miła 53"),
military addresses, and the rest of an address after its street (street_address.yaml,
address_block.py).

The street-type list is the YAML list plus the street suffixes Faker's en_US address
provider ships (USPS forms such as "Radial", "Ville", "Tunnel"), each in Title and UPPER case.
"""

from __future__ import annotations

import copy

import regex
from presidio_analyzer import RecognizerResult

from deid.recognizers.address_block import address_tail_end, confirms_street, rest_of_address
from deid.recognizers.base import DEFAULT_PROFILE, CompiledPattern, DataRecognizer
from deid.recognizers.city_state import CityStateRecognizer, address_tail_extent, place_extent
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

    def __init__(self, spec=None, profile=DEFAULT_PROFILE):
        from faker.providers.address.en_US import Provider

        spec = copy.deepcopy(spec if spec is not None else load_data(self.data_path()))
        types = list(spec["vocab"]["street_types"]) + list(Provider.street_suffixes)
        spec["vocab"]["street_types"] = _with_case_variants(types)
        # lower-case notes: only street types of 4+ letters ("33 pt" is no street)
        spec["vocab"]["street_types_lower"] = sorted({str(t).lower() for t in types if len(str(t)) >= 4})
        spec["vocab"]["state_codes"] = load_data(CityStateRecognizer.data_path())["vocab"]["state_codes"]
        super().__init__(spec, profile)
        # deny-able: a tail that is all clinical words ("... VIA FOLEY") is no address
        self._tail = CompiledPattern(name="address_tail", label="LOCATION", pattern=None, score=0.75, deny=True)

    def analyze(self, text, entities, nlp_artifacts=None):
        """Each street, then the rest of its address: units, town, region and postcode on the
        same line after commas or on the short lines below it (deid/recognizers/address_block.py)."""
        anchors, needs_tail = set(self.spec["vocab"]["tail_anchors"]), set(self.spec["vocab"]["needs_tail"])
        results = []
        for result in self.candidates(text):
            pattern_name = result.recognition_metadata[RecognizerResult.RECOGNIZER_NAME_KEY].rsplit(".", 1)[-1]
            end = address_tail_end(text, result.end) if pattern_name in anchors else result.end
            if pattern_name in needs_tail and not confirms_street(text, result.end, end):
                continue
            results.append(result)
            results.extend(self._result(self._tail, start, stop) for start, stop in rest_of_address(text, result.end, end))
        return results

    def refine_after_stop_words(self, text: str, start: int, end: int):
        """Start after the last stop word that is no street particle ("Write to Kiannonkatu
        98", "Visit us at Hauptstraße 5"; "Rua do Arenque" keeps its "do")."""
        from spacy.lang.en.stop_words import STOP_WORDS

        particles = {str(p).lower() for p in self.spec["vocab"]["street_particles"]}
        for word in reversed(list(regex.finditer(r"\S+", text, pos=start, endpos=end))):
            if word.group().lower() in STOP_WORDS and word.group().lower() not in particles:
                start = word.end() + len(text[word.end():end]) - len(text[word.end():end].lstrip())
                break
        return (start, end) if start < end else None

    def refine_address_tail(self, text: str, start: int, end: int):
        return address_tail_extent(text, start, end)

    def refine_place(self, text: str, start: int, end: int):
        return place_extent(text, start, end)
