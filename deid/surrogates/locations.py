"""LOCATION surrogates: ZIP codes, street addresses, "City, ST", facilities, counties, cities.

A city maps to another real city in another state (cities.csv), a ZIP to a keyed ZIP of the
same shape, a street address to a Faker street address, a facility keeps its kind
("Mercy General Hospital" -> "Harmon General Hospital"). Per patient, one real place -> one
fake place.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

import yaml

from deid.surrogates.context import SurrogateContext
from deid.surrogates.shape import match_case, reshape_different

_HERE = Path(__file__).parent
_ZIP = re.compile(r"\d{5}(?:-\d{4})?")
_CITY_STATE = re.compile(r"^(?P<city>[^,\d]+?),\s*(?P<state>[A-Za-z]{2})(?P<rest>\s+\d{5}(?:-\d{4})?)?$")
_STREET = re.compile(r"^\s*\d+[A-Za-z]?\s+\S")
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _cities() -> list[tuple[str, str]]:
    with open(_HERE / "cities.csv", encoding="utf-8", newline="") as handle:
        return [(row["city"], row["state"]) for row in csv.DictReader(handle)]


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    data = yaml.safe_load((_HERE / "locations.yaml").read_text(encoding="utf-8"))
    return {name: frozenset(values) for name, values in data.items()}


def _state_of(city: str) -> str | None:
    for known, state in _cities():
        if known.lower() == city.strip().lower():
            return state
    return None


def _other_city(real_city: str, real_state: str | None, ctx: SurrogateContext) -> tuple[str, str]:
    state = (real_state or _state_of(real_city) or "").upper()
    choices = [(c, s) for c, s in _cities() if s != state and c.lower() != real_city.strip().lower()]
    return ctx.rng("city", real_city.strip().lower()).choice(choices)


def _zip(real: str, ctx: SurrogateContext) -> str:
    return reshape_different(real, ctx.rng("zip", real))


def _street(real: str, ctx: SurrogateContext) -> str:
    faker = ctx.faker("street", real.lower())
    fake = f"{faker.building_number()} {faker.street_name()}"
    return match_case(real, fake)


def _facility(real: str, ctx: SurrogateContext) -> str:
    keep = _words()["facility_words"]

    def replace(match: re.Match) -> str:
        word = match.group(0)
        if word.lower() in keep or len(word) == 1:  # the "s" of "Mary's"
            return word
        return match_case(word, ctx.faker("facility", word.lower()).last_name())

    return _WORD.sub(replace, real)


def surrogate_location(real: str, ctx: SurrogateContext) -> str:
    stripped = real.strip()
    if _ZIP.fullmatch(stripped):
        return real.replace(stripped, _zip(stripped, ctx))
    city_state = _CITY_STATE.match(stripped)
    if city_state:
        city, state = _other_city(city_state["city"], city_state["state"], ctx)
        rest = city_state["rest"] or ""
        if rest:
            rest = rest.replace(rest.strip(), _zip(rest.strip(), ctx))
        return real.replace(stripped, f"{match_case(city_state['city'], city)}, "
                                      f"{match_case(city_state['state'], state)}{rest}")
    if _STREET.match(stripped):
        return real.replace(stripped, _street(stripped, ctx))
    words = [w.lower() for w in _WORD.findall(stripped)]
    if any(w in _words()["facility_words"] for w in words):
        return _facility(real, ctx)
    if any(w in _words()["street_words"] for w in words[1:]):
        return real.replace(stripped, _street(stripped, ctx))
    city, _ = _other_city(stripped, None, ctx)
    return real.replace(stripped, match_case(stripped, city))
