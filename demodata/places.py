"""Places (LOCATION PHI): street addresses, cities, counties, ZIP codes, hospitals and
other facilities.

Span rule: street line, city, county and ZIP are separate LOCATION spans; a two-letter
state is not PHI under Safe Harbor (only subdivisions smaller than a state are), so
"Springfield, IL 62704" plants "Springfield" and "62704" but not "IL". A facility name is
one span ("St. Luke Medical Center")."""

from __future__ import annotations

import random
from dataclasses import dataclass

from faker import Faker

from demodata.identifiers import ascii_slug
from demodata.resources import load, pick

Piece = tuple[str, "str | None"]


@dataclass(frozen=True)
class Address:
    street: str
    city: str
    state: str
    county: str
    zip: str


@dataclass(frozen=True)
class Facility:
    name: str
    slug: str
    address: Address


class PlaceFactory:
    def __init__(self):
        self.formats = load("phi_formats.yaml")
        self._fake = Faker("en_US")

    def address(self, rng: random.Random) -> Address:
        fake = self._fake
        fake.seed_instance(rng.getrandbits(48))
        if rng.random() < self.formats["fake_city_rate"]:
            city, state, county = fake.city(), fake.state_abbr(include_territories=False), f"{fake.last_name()}"
        else:
            city, state, county = pick(rng, self.formats["cities"])
        street = fake.street_address()
        zip_code = fake.zipcode_plus4() if rng.random() < 0.15 else fake.zipcode()
        return Address(street=street, city=city, state=state, county=county, zip=zip_code)

    def facility(self, rng: random.Random, forms_key: str, last_names: list[str]) -> Facility:
        address = self.address(rng)
        name = pick(rng, self.formats[forms_key]).format(
            city=address.city, last=pick(rng, last_names), saint=pick(rng, self.formats["saints"]),
            lady=pick(rng, self.formats["ladies"]))
        return Facility(name=name, slug=ascii_slug(name)[:18] or "hospital", address=address)


def render_address(address: Address, rng: random.Random) -> list[Piece]:
    style = rng.randrange(5)
    if style == 0:
        return [(address.street, "LOCATION"), (", ", None), (address.city, "LOCATION"), (f", {address.state} ", None),
                (address.zip, "LOCATION")]
    if style == 1:
        return [(address.street, "LOCATION"), ("\n", None), (address.city, "LOCATION"), (f", {address.state} ", None),
                (address.zip, "LOCATION")]
    if style == 2:
        return [(address.street, "LOCATION"), (" ", None), (address.city, "LOCATION"), (f" {address.state} ", None),
                (address.zip, "LOCATION")]
    if style == 3:
        return [(address.street, "LOCATION"), (", ", None), (address.city, "LOCATION"), (" ", None),
                (address.zip, "LOCATION")]
    return [(address.street, "LOCATION"), (", ", None), (address.city, "LOCATION"), (", ", None),
            (f"{address.county} County", "LOCATION"), (f", {address.state} ", None), (address.zip, "LOCATION")]


def render_city_state(address: Address, rng: random.Random) -> list[Piece]:
    separator = pick(rng, (", ", " ", ", "))
    return [(address.city, "LOCATION"), (f"{separator}{address.state}", None)]
