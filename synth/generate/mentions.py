"""How a code is written: one of its unambiguous surface forms, varied by natural transforms
(nonessential words dropped, laterality moved into an "of the" phrase, abbreviations).

Every rendering is checked against the term index: a transform that would make the text
uncodable or point at another code is not used (the generator never writes what it did not
mean to write).
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

from synth import icd, terms
from synth.terms import TermIndex

# Abbreviations the generator may write (the rest are only read: hx, s/p, r/o ...).
CONTRACTIONS = ("ckd", "chf", "copd", "htn", "t2dm", "afib", "cad", "uti", "dvt", "gerd", "osa", "esrd",
                "aki", "bph", "hld", "mdd", "gad", "tia", "nstemi", "stemi")
_LATERAL = re.compile(r"^(.*?),\s*(right|left|bilateral|unspecified)\s+(.+)$", re.IGNORECASE)


def _codes_to(index: TermIndex, text: str) -> str | None:
    return index.forms.get(tuple(terms.tokens(text)))


@lru_cache(maxsize=1)
def _contraction_patterns() -> list[tuple[str, str, re.Pattern]]:
    """(abbreviation, expansion, pattern of the expansion), compiled once: rendering runs per mention."""
    expansions = terms.abbreviations()
    return [(abbr, expansions[abbr], re.compile(rf"\b{re.escape(expansions[abbr])}\b", re.IGNORECASE))
            for abbr in CONTRACTIONS]


def _contract(text: str, rng: random.Random) -> str:
    options = [(abbr, expansion, pattern) for abbr, expansion, pattern in _contraction_patterns() if pattern.search(text)]
    if not options:
        return text
    abbr, _, pattern = rng.choice(sorted(options, key=lambda o: o[:2]))
    out = pattern.sub(abbr.upper(), text, count=1)
    return out.replace("T2DM", "T2DM").replace("AFIB", "AFib")


def _lateral(text: str) -> str:
    m = _LATERAL.match(text)
    return f"{m.group(1)} of the {m.group(2).lower()} {m.group(3)}" if m else text


# Coder's wording, not a clinician's: "Unspecified jaundice", "Hepatitis A NOS", "... as the cause of
# diseases classified elsewhere", "urinary (tract) infections", "[PPLO]".
_CODER_WORDING = re.compile(r"\bunspecified\b|\bNOS\b|\bclassified\b|[\[(]", re.IGNORECASE)
# How often a mention may still be a coder's wording (the ICD title, "unspecified", "NOS") when
# a clinician's one exists: problem lists pulled from an EHR do carry ICD titles, so they are
# rare, not absent.
CODER_WORDING_SHARE = 0.1


@lru_cache(maxsize=20_000)
def _title_words(code: str) -> tuple[str, ...]:
    return tuple(terms.tokens(icd.description(code)))


def clinical_forms(code: str, index: TermIndex) -> list[str]:
    """The forms of ``code`` a clinician writes: neither its title ("Dehydration" is a title
    too) nor a coder's wording; "kidney cancer", "former smoker", "right hip pain", and a
    title with its side moved into an "of the" phrase ("... osteoarthritis of the right knee")."""
    cache = index.__dict__.setdefault("_clinical_forms", {})  # per index: rendering runs per mention
    if code not in cache:
        cache[code] = _clinical_forms(code, index)
    return cache[code]


def _clinical_forms(code: str, index: TermIndex) -> list[str]:
    title = _title_words(code)
    out = set()
    for form in index.surfaces.get(code, ()):
        lateral = _lateral(form)
        if lateral != form and _codes_to(index, lateral) == code and not _CODER_WORDING.search(lateral):
            out.add(lateral)
        if not _CODER_WORDING.search(form) and tuple(terms.tokens(form)) != title:
            out.add(form)
    return sorted(out)


def render(code: str, index: TermIndex, rng: random.Random, vary: float = 0.5) -> str:
    """A surface form of ``code`` that the term index reads back as exactly ``code``; mostly
    one a clinician would write ("jaundice", not "Unspecified jaundice"; "bone metastases", not
    "Secondary malignant neoplasm of bone") when the code has one."""
    forms = index.surfaces.get(code)
    if not forms:
        raise KeyError(code)
    forms = sorted(forms)
    clinical = clinical_forms(code, index)
    plain = [f for f in forms if not _CODER_WORDING.search(f)]
    if rng.random() < CODER_WORDING_SHARE:
        text = rng.choice(forms)
    else:
        text = rng.choice(clinical or plain or forms)
    for transform in (_lateral, lambda t: _contract(t, rng)):
        if rng.random() < vary:
            candidate = transform(text)
            if candidate != text and _codes_to(index, candidate) == code:
                text = candidate
    if rng.random() < 0.5 and not text[:4].isupper() and not text.split()[0].isupper():
        text = text[0].lower() + text[1:]
    return text


def shortest(code: str, index: TermIndex) -> str:
    return min(index.surfaces[code], key=lambda s: (len(s), s))


_PLAIN = re.compile(r"unspecified|\bNOS\b|classified|[,;()\[\]]|\b(but|however|although|though|except|which)\b",
                    re.IGNORECASE)


def trap_form(code: str, index: TermIndex, rng: random.Random) -> str:
    """A plain wording of a trap condition: one of its short surface forms without "unspecified",
    "NOS", punctuation or a cue terminator (a denial reads "denies pulmonary embolism", not
    "denies pulmonary embolism, unspecified"); the shortest form when none qualifies."""
    options = sorted(f for f in index.surfaces[code] if len(f.split()) <= 6 and not _PLAIN.search(f))
    return rng.choice(options) if options else shortest(code, index)


@lru_cache(maxsize=1)
def _by_category() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for code in icd.billable_codes():
        out.setdefault(icd.category(code), []).append(code)
    return out


_VAGUE = frozenset({"unspecified", "site", "type", "part", "without", "classified", "elsewhere", "not", "other"})
_SIDE = re.compile(r"\b(right|left|bilateral)\b", re.IGNORECASE)


def _compatible(sibling: str, code: str) -> bool:
    """The less specific code says nothing the code contradicts: no other side (not "fracture
    of left femur" for a right one) and the same encounter (7th character: not "sequela" for
    an initial encounter)."""
    sides = {m.lower() for m in _SIDE.findall(icd.description(sibling))}
    if not sides <= {m.lower() for m in _SIDE.findall(icd.description(code))}:
        return False
    # and names nothing the code does not: "alcohol dependence with withdrawal, unspecified" is
    # not a less specific "alcohol dependence, uncomplicated"
    if not set(terms.tokens(icd.description(sibling))) - _VAGUE <= set(terms.tokens(icd.description(code))):
        return False
    a, b = icd.dotless(sibling), icd.dotless(code)
    return len(b) < 7 or (len(a) == 7 and a[-1] == b[-1])


def unspecified_sibling(code: str, index: TermIndex) -> str | None:
    """The less specific code of the same category ("heart failure" for I50.32), if writable."""
    if icd.is_unspecified(code):
        return None
    options = [c for c in _by_category().get(icd.category(code), []) if c != code and icd.is_unspecified(c)
               and index.writable(c) and not icd.excludes1_conflict(c, code) and _compatible(c, code)]
    return min(options, key=lambda c: (len(shortest(c, index)), c)) if options else None
