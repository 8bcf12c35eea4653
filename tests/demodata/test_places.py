from __future__ import annotations

import random

from demodata.places import Address, PlaceFactory, render_address, render_city_state

ADDRESS = Address(street="12 Elm St Apt 4", city="Springfield", state="IL", county="Sangamon", zip="62704")


def test_state_is_never_a_location_span_but_street_city_zip_are():
    rng = random.Random(0)
    for _ in range(50):
        pieces = render_address(ADDRESS, rng)
        labelled = {text for text, label in pieces if label == "LOCATION"}
        assert {"12 Elm St Apt 4", "Springfield", "62704"} <= labelled
        assert "IL" not in labelled and all("IL" not in t for t in labelled if t != "Sangamon County")
    assert render_city_state(ADDRESS, rng)[0] == ("Springfield", "LOCATION")


def test_facilities_and_addresses_are_deterministic_for_a_seed():
    a = PlaceFactory().facility(random.Random(5), "hospital_forms", ["Okafor"])
    b = PlaceFactory().facility(random.Random(5), "hospital_forms", ["Okafor"])
    assert a == b and a.name and a.slug.isalnum()
