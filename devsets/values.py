"""Surrogate values for the dev sets: names, facilities, towns, dates, phones and IDs.

Everything comes from the demo generator's factories (Faker names in 13 locales, its city
list and facility forms, its identifier patterns) or from Faker directly, never from the
detector's own word lists, so a set does not test the detector on the strings it was built
from. Every draw takes the caller's ``random.Random``: a seed reproduces a set.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import random

from demodata import identifiers
from demodata.people import NameFactory, Person
from demodata.places import PlaceFactory
from demodata.resources import load, pick


@functools.cache
def _names() -> NameFactory:
    return NameFactory()


@functools.cache
def _places() -> PlaceFactory:
    return PlaceFactory()


def person(rng: random.Random, sex: str | None = None) -> Person:
    return _names().person(rng, sex=sex)


def surname(rng: random.Random) -> str:
    names = _names()
    return names.last_name(rng, names.locale(rng))


def first_name(rng: random.Random, sex: str | None = None) -> str:
    names = _names()
    return names.first_name(rng, names.locale(rng), sex or rng.choice(("female", "male")))


@functools.cache
def given_names() -> frozenset[str]:
    """Faker's given names in the demo generator's locales (Latin script)."""
    import importlib

    names = set()
    for locale in load("phi_formats.yaml")["name_locales"]:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names", "first_names_female", "first_names_male", "first_romanized_names"):
            listed = getattr(provider, attribute, ())
            names.update(listed if not isinstance(listed, dict) else listed.keys())
    return frozenset(n for n in names if n.isascii() and n[:1].isupper())



@functools.cache
def everyday_surnames() -> tuple[str, ...]:
    """Faker's US surnames that are also English words (Faker's own word list): "White",
    "Young", "Price", "Long". Wards are named after donors, and such a name after a floor cue
    reads as an everyday word ("on white 9a")."""
    from faker.providers.lorem.en_US import Provider as Words
    from faker.providers.person.en_US import Provider as People

    words = {w.lower() for w in Words.word_list}
    surnames = People.last_names.keys() if isinstance(People.last_names, dict) else People.last_names
    return tuple(sorted(n for n in surnames if n.lower() in words))


@functools.cache
def month_given_names() -> tuple[str, ...]:
    """Given names that are also month names ("April", "June", "August")."""
    return tuple(m for m in calendar.month_name[1:] if m in given_names())

_TOWN_SUFFIXES = ("ton", "ville", "field", "burg", "wood", "dale", "ford", "port", "bury", "ham", "worth", "boro",
                  "ridge", "land", "mont", " falls", " springs", " heights")
_TOWN_PREFIXES = ("east ", "west ", "north ", "south ", "new ", "port ", "lake ", "mount ")


def city(rng: random.Random) -> str:
    """A real US city from the demo generator's list, or a town built like real town names from a
    Faker surname and a town ending ("Ashford", "East Millbury"): no gazetteer lists it."""
    if rng.random() < 0.5:
        return pick(rng, load("phi_formats.yaml")["cities"])[0]
    fake = _places()._fake
    fake.seed_instance(rng.getrandbits(48))
    stem = fake.last_name()
    while not (4 <= len(stem) <= 7 and stem.isalpha()):
        stem = fake.last_name()
    suffix = pick(rng, _TOWN_SUFFIXES)
    town = stem + (suffix.title() if suffix.startswith(" ") else suffix)
    if rng.random() < 0.15:
        town = pick(rng, _TOWN_PREFIXES).title() + town
    return town


def street(rng: random.Random) -> str:
    fake = _places()._fake
    fake.seed_instance(rng.getrandbits(48))
    return fake.street_name()


def zip_code(rng: random.Random) -> str:
    fake = _places()._fake
    fake.seed_instance(rng.getrandbits(48))
    return fake.zipcode()


def company(rng: random.Random) -> str:
    fake = _places()._fake
    fake.seed_instance(rng.getrandbits(48))
    return fake.company()


def facility_stem(rng: random.Random) -> str:
    """The distinctive part of a facility name, to go before "General Hospital", "Clinic" ...:
    a town, a surname, a saint."""
    formats = load("phi_formats.yaml")
    roll = rng.random()
    if roll < 0.45:
        return city(rng)
    if roll < 0.8:
        return surname(rng)
    return f"St. {pick(rng, formats['saints'])}"


def facility(rng: random.Random, kind: str = "hospital") -> str:
    """A whole facility name from the demo generator's forms (``hospital`` or ``facility``)."""
    formats = load("phi_formats.yaml")
    forms = formats["hospital_forms" if kind == "hospital" else "facility_forms"]
    return pick(rng, forms).format(city=city(rng), last=surname(rng), saint=pick(rng, formats["saints"]),
                                   lady=pick(rng, formats["ladies"]))


def phone(rng: random.Random) -> str:
    return identifiers.phone(rng)


def pattern_id(rng: random.Random, kind: str) -> str:
    return identifiers.pattern_id(rng, kind)


def random_date(rng: random.Random, first: dt.date = dt.date(1998, 1, 1), last: dt.date = dt.date(2023, 12, 31)) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def month_name(month: int, abbreviated: bool = False) -> str:
    return (calendar.month_abbr if abbreviated else calendar.month_name)[month]
