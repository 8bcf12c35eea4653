"""Name dictionaries from packaged data: Faker's person-name lists in every locale it ships.

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
FIRST_NAME_ATTRIBUTES = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")


def _attribute(provider, name):
    for klass in provider.__mro__:
        if name in klass.__dict__:
            value = klass.__dict__[name]
            return value if isinstance(value, (list, tuple, set, dict)) else ()
    return ()


@functools.lru_cache(maxsize=None)
def _faker_names() -> tuple[frozenset[str], frozenset[str]]:
    import faker.providers.person as person

    first, last = set(), set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for attribute in FIRST_NAME_ATTRIBUTES:
            first.update(_attribute(provider, attribute))
        last.update(_attribute(provider, "last_names"))
    keep = lambda names: frozenset(n for n in names if LATIN_NAME.fullmatch(n))  # noqa: E731
    return keep(first), keep(last)


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
