import re

from deid.surrogates.context import SurrogateContext
from deid.surrogates.locations import _cities, surrogate_location


def ctx(patient="p1"):
    return SurrogateContext(key=b"k1", patient_id=patient)


def test_city_maps_to_a_city_in_another_state():
    states = dict(_cities())
    for patient in ("a", "b", "c", "d", "e"):
        out = surrogate_location("Dayton, OH 45402", ctx(patient))
        city, state, zipcode = re.fullmatch(r"(.+), ([A-Z]{2}) (\d{5})", out).groups()
        assert state != "OH" and states[city] == state and zipcode != "45402"
    assert surrogate_location("dayton", ctx()).islower()
    assert surrogate_location("Dayton", ctx()) != "Dayton"


def test_facility_keeps_its_kind_and_street_stays_a_street():
    out = surrogate_location("Mercy General Hospital", ctx())
    assert out.endswith(" General Hospital") and "Mercy" not in out
    street = surrogate_location("42 Elm Street", ctx())
    assert re.match(r"\d+ \w", street) and "Elm" not in street
    assert surrogate_location("42 Elm Street", ctx()) == street
