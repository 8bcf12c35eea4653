"""deid/recognizers/street_address.py, city_state.py, zip_code.py and facility.py."""

import pytest

from deid.recognizers.city_state import CityStateRecognizer
from deid.recognizers.facility import FacilityRecognizer
from deid.recognizers.street_address import StreetAddressRecognizer
from deid.recognizers.zip_code import ZipCodeRecognizer
from tests.deid.detector_fixtures import analyze


@pytest.mark.parametrize("recognizer, text, value", [
    (StreetAddressRecognizer, "lives at 45 Oak Avenue, Apt 3 with", "45 Oak Avenue, Apt 3"),
    (StreetAddressRecognizer, "4928 SARAH VILLAGES SUITE 721", "4928 SARAH VILLAGES SUITE 721"),
    (StreetAddressRecognizer, "68706 Evans Radial", "68706 Evans Radial"),
    (StreetAddressRecognizer, "mail to P.O. Box 1234", "P.O. Box 1234"),
    (CityStateRecognizer, "moved from Boston, MA 02115 last year", "Boston, MA 02115"),
    (CityStateRecognizer, "RENO NV 21704", "RENO NV 21704"),
    (CityStateRecognizer, "lives in Lake Charles now", "Lake Charles"),
    (CityStateRecognizer, "born in Columbus, Ohio", "Columbus, Ohio"),
    (ZipCodeRecognizer, "zip 02115-1234", "02115-1234"),
    (ZipCodeRecognizer, "935 William Path, Springfield 70133\n", "70133"),
    (FacilityRecognizer, "transferred from Springfield General Hospital", "Springfield General Hospital"),
    (FacilityRecognizer, "RECORDS FROM GOOD SAMARITAN HOSPITAL OF TYLER REVIEWED", "GOOD SAMARITAN HOSPITAL OF TYLER"),
])
def test_location_forms(recognizer, text, value):
    assert ("LOCATION", value) in analyze(recognizer(), text)


@pytest.mark.parametrize("recognizer, text", [
    (StreetAddressRecognizer, "NSR at 78, PR 164 ms, QRS 92 ms, QTc 438"),
    (StreetAddressRecognizer, "2019-05-08, 21:33 pt resting"),
    (ZipCodeRecognizer, "Glasgow Coma Scale 15 (E4V5M6)"),
    (ZipCodeRecognizer, "WBC 12345 cells"),
])
def test_location_look_alikes(recognizer, text):
    assert analyze(recognizer(), text) == set()
