"""Words the project already knows are clinical, so that they are not read as names or places
unless a person or place cue vouches for them (issue 15, item 3).

Three sources, all installed with the project (nothing is downloaded):

* ICD-10-CM: the words of every code's description and inclusion terms in the tabular list
  that ``simple-icd-10-cm`` ships, pre-extracted into ``data/icd10cm_words.txt`` because
  reading the whole tabular list takes ~15 s (``python -m deid.clinical_lexicon`` rebuilds it;
  tests/deid/test_clinical_lexicon.py checks the file against the package). A word the
  tabular list only ever writes capitalised mid-phrase is a proper noun there (an eponym, a
  place, a genus): it is kept only when it is no dictionary name and no known place
  ("Streptococcus" stays; "Boston", "Baker" go to the eponym lists and the cue rules);
* drug names: the single-word names and brands of the drug dictionary that the
  ``drug-named-entity-recognition`` package ships (its data file is read directly: importing
  the package would also set up its network helpers);
* ``data/clinical_shorthand.txt``: nursing shorthand, drips, services, devices, lab and unit
  words and the names of charting systems, which neither source spells.

``clinical_tiers()`` splits the words for the deny list (deid/deny.py):

* *strong* words are in no name dictionary and name no known place ("propofol", "levophed",
  "intraoperative"): they veto a candidate even after a cue, because the cue took a clinical
  word ("followed by intraoperative ...");
* *weak* words are also dictionary names or places ("ho", "bath", "frank"): they veto only a
  candidate no cue vouches for, so "pt's wife Hope" and "Dr. Foley" stay names.

An English surname that is no everyday word ("derrick", "vera") and any given name ("frank",
"grace", "gene") is left out of both: a lone real name without a cue is likelier than the
clinical reading ("frank blood" is written in lower case, the name in capitals).
"""

from __future__ import annotations

import bz2
import functools
import importlib.util
import pickle
import sys
from pathlib import Path

import regex

from deid.resources import data_file

WORD = regex.compile(r"\p{L}[\p{L}'’\-]*")
ICD_WORDS_FILE = "data/icd10cm_words.txt"
SHORTHAND_FILE = "data/clinical_shorthand.txt"
DRUG_PACKAGE = "drug-named-entity-recognition"
DRUG_MODULE = "drug_named_entity_recognition"
DRUG_DICTIONARY = "drug_ner_dictionary.pkl.bz2"
MIN_LENGTH = 2


def _read_word_file(name: str) -> set[str]:
    words = set()
    for line in data_file(__file__, name).read_text(encoding="utf-8").splitlines():
        words.update(w.lower() for w in line.split("#", 1)[0].split())
    return words


def icd_words_from_package() -> list[str]:
    """The ICD-10-CM words as ``data/icd10cm_words.txt`` holds them: every word the tabular
    list writes in lower case somewhere, plus the capitalised-only words that are no dictionary
    name and no known place. Sorted, lower case."""
    import simple_icd_10_cm as icd

    from deid.names import extended_first_names, extended_last_names
    from deid.recognizers.gazetteer import is_known_place

    lower, capitalised = set(), set()
    for code in icd.get_all_codes(False):
        phrases = [icd.get_description(code)]
        try:
            phrases.extend(icd.get_inclusion_term(code))
        except ValueError:
            pass  # codes without inclusion terms
        for phrase in phrases:
            for index, match in enumerate(WORD.finditer(phrase)):
                word = match.group()
                if word[0].islower():
                    lower.add(word.lower())
                elif index > 0:
                    capitalised.add(word.lower())
    names = {n.lower() for n in extended_first_names() | extended_last_names()}
    proper = {w for w in capitalised - lower if w not in names and not is_known_place(w)}
    return sorted(w for w in lower | proper if len(w) >= MIN_LENGTH)


def _drug_dictionary_path() -> Path:
    spec = importlib.util.find_spec(DRUG_MODULE)  # finds the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {DRUG_PACKAGE} package is not installed (a chartforge dependency)")
    return Path(spec.submodule_search_locations[0]) / DRUG_DICTIONARY


@functools.lru_cache(maxsize=1)
def drug_words() -> frozenset[str]:
    """Single-word drug names and brands ("propofol", "levophed", "zosyn")."""
    with bz2.open(_drug_dictionary_path(), "rb") as handle:
        dictionary = pickle.load(handle)  # a data file of a pinned dependency
    return frozenset(v for v in dictionary["drug_variant_to_canonical"]
                     if len(v) >= MIN_LENGTH and WORD.fullmatch(v))


@functools.lru_cache(maxsize=1)
def shorthand_words() -> frozenset[str]:
    return frozenset(_read_word_file(SHORTHAND_FILE))


@functools.lru_cache(maxsize=1)
def clinical_words() -> frozenset[str]:
    """Every clinical word, minus English names that are no everyday word (module docstring);
    the shorthand list wins over that exception ("ho" is a surname and a house officer)."""
    from deid.names import english_names, first_names
    from deid.recognizers.wordlists import is_common_word

    words = _read_word_file(ICD_WORDS_FILE) | drug_words()
    names = english_names()
    given = {n.lower() for n in first_names()}
    words = {w for w in words if (w not in names or is_common_word(w)) and w not in given}
    return frozenset(words | shorthand_words())


@functools.lru_cache(maxsize=1)
def clinical_tiers() -> tuple[frozenset[str], frozenset[str]]:
    """(strong, weak) clinical words, as the module docstring defines them."""
    from deid.names import extended_first_names, extended_last_names
    from deid.recognizers.gazetteer import is_known_place

    names = {n.lower() for n in extended_first_names() | extended_last_names()}
    weak = frozenset(w for w in clinical_words() if w in names or is_known_place(w))
    return clinical_words() - weak, weak


def is_clinical_word(word: str) -> bool:
    return word.lower() in clinical_words()


def main(argv: list[str] | None = None) -> int:
    """Rebuild data/icd10cm_words.txt from the installed simple-icd-10-cm."""
    words = icd_words_from_package()
    path = data_file(__file__, ICD_WORDS_FILE)
    from importlib import metadata

    header = (f"# ICD-10-CM tabular-list words (descriptions and inclusion terms) from simple-icd-10-cm "
              f"{metadata.version('simple-icd-10-cm')}; built by `python -m deid.clinical_lexicon`.\n")
    path.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
