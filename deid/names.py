"""Name dictionaries from packaged data: Faker's person-name lists in every locale it ships,
gender-guesser's international first-name list (nam_dict.txt: ~45,000 given names of 54
countries) and the US Census surname list that the `names` package ships (88,799 surnames).

Only Latin-script names are kept (the notes are English). The lists are dictionary
evidence for the verification detector and the common-word filter; they are never used to
generate anything here.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil

import regex

LATIN_NAME = regex.compile(r"[\p{Latin}][\p{Latin}'\-]+")
FIRST_NAME_ATTRIBUTES = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary",
                         # Japanese and Chinese locales also ship Latin spellings ("Taichi", "Shimizu")
                         "first_romanized_names", "first_romanized_names_male", "first_romanized_names_female")
LAST_NAME_ATTRIBUTES = ("last_names", "last_romanized_names")


def _attribute(provider, name):
    for klass in provider.__mro__:
        if name in klass.__dict__:
            value = klass.__dict__[name]
            return value if isinstance(value, (list, tuple, set, dict)) else ()
    return ()


def _usable(attribute: str, names) -> list[str]:
    """Romanized syllable names that are English function words ("He", "She", "An") would
    turn every pronoun after a name into a surname: drop the stop words, keep two-letter
    surnames ("Gu", "Wu", "Xu": "Lei Gu, MD")."""
    if "romanized" not in attribute:
        return list(names)
    from spacy.lang.en.stop_words import STOP_WORDS

    return [n for n in names if len(n) >= 2 and n.lower() not in STOP_WORDS]


@functools.lru_cache(maxsize=None)
def _faker_names() -> tuple[frozenset[str], frozenset[str]]:
    import faker.providers.person as person

    first, last = set(), set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for attribute in FIRST_NAME_ATTRIBUTES:
            first.update(_usable(attribute, _attribute(provider, attribute)))
        for attribute in LAST_NAME_ATTRIBUTES:
            last.update(_usable(attribute, _attribute(provider, attribute)))
    keep = lambda names: frozenset(n for n in names if LATIN_NAME.fullmatch(n))  # noqa: E731
    return keep(first), keep(last)


@functools.lru_cache(maxsize=None)
def _extended_names() -> tuple[frozenset[str], frozenset[str]]:
    first, last = _faker_names()
    keep = lambda names: frozenset(n for n in names if LATIN_NAME.fullmatch(n))  # noqa: E731
    return first | keep(_packaged_first_names()), last | keep(_packaged_last_names())


def _not_function_word(name: str) -> bool:
    """The big lists hold names that are English function words ("An", "Will", "May" are
    given names somewhere): they would make every such word a name candidate."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return len(name) > 2 and name.lower() not in STOP_WORDS


def _packaged_first_names() -> set[str]:
    """gender-guesser's nam_dict.txt: a sex code, then the name ('+' joins a compound name)."""
    import importlib.resources

    names = set()
    source = importlib.resources.files("gender_guesser") / "data" / "nam_dict.txt"
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            if line[:1] in ("#", "=") or not line.strip():
                continue
            parts = line.split()
            if len(parts) > 1:
                names.update(w for w in parts[1].split("+") if _not_function_word(w))
    return names


def _packaged_last_names() -> set[str]:
    """US Census 1990 surnames from the `names` package, one per line, upper case first."""
    import importlib.resources

    source = importlib.resources.files("names") / "dist.all.last"
    with source.open(encoding="utf-8") as handle:
        return {w.capitalize() for line in handle if (w := line.split(" ", 1)[0].strip()) and _not_function_word(w)}


ENGLISH_LOCALES = ("en", "en_US", "en_GB", "en_IE", "en_NZ", "en_AU", "en_CA")


@functools.lru_cache(maxsize=None)
def english_names() -> frozenset[str]:
    """First and last names of the English-speaking locales (lower case)."""
    import faker.providers.person as person

    names = set()
    for locale in ENGLISH_LOCALES:
        try:
            provider = importlib.import_module(f"{person.__name__}.{locale}").Provider
        except ImportError:
            continue
        for attribute in (*FIRST_NAME_ATTRIBUTES, "last_names"):
            names.update(n.lower() for n in _attribute(provider, attribute))
    return frozenset(names)


def first_names() -> frozenset[str]:
    return _faker_names()[0]


def last_names() -> frozenset[str]:
    return _faker_names()[1]


# The extended lists add gender-guesser's and the Census's names to Faker's. They hold many
# everyday words ("Royal", "Person", "Wisdom" are surnames somewhere), so callers use them
# only as evidence for words that are not everyday English words; the Faker lists above
# stay the dictionary that may vouch for an everyday word ("Mark Brown").
def extended_first_names() -> frozenset[str]:
    return _extended_names()[0]


def extended_last_names() -> frozenset[str]:
    return _extended_names()[1]


# Lower-case copies for membership tests on words read from a note (built once per process).
@functools.lru_cache(maxsize=None)
def first_names_lower() -> frozenset[str]:
    return frozenset(n.lower() for n in first_names())


@functools.lru_cache(maxsize=None)
def common_names_lower() -> frozenset[str]:
    """Faker's first and last names: the dictionary that may vouch for an everyday word."""
    return frozenset(n.lower() for n in first_names() | last_names())


@functools.lru_cache(maxsize=None)
def extended_names_lower() -> frozenset[str]:
    return frozenset(n.lower() for n in extended_first_names() | extended_last_names())
