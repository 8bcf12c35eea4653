"""Surface forms of ICD-10-CM codes and the term index that finds them in text.

Both halves of the synthetic branch use it: the generator writes a code as one of its
*unambiguous* surface forms (a description, inclusion term, curated synonym or readable
Alphabetic Index entry (index_forms.py), optionally
without its nonessential parenthetical or its "unspecified"), and the labeller finds forms in
a line's normalized tokens, longest match first, so a specific code ("paroxysmal atrial
fibrillation") wins over the unspecified one it contains ("atrial fibrillation").

Normalization is shared: lower case, abbreviations expanded (data/abbreviations.yaml), a few
function words dropped, so "primary osteoarthritis of the right knee" and "Unilateral primary
osteoarthritis, right knee" meet on the same tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

from synth import icd, index_forms, natural_forms

DATA = Path(__file__).with_name("data")
_STOPWORDS = frozenset({"of", "the", "a", "an"})
_WORD = re.compile(r"[a-z0-9]+")
_PAREN = re.compile(r"\s*\([^)]*\)")
# a bracket with more words after it (not another bracket, "NOS", a comma or the end)
_INNER_PAREN = re.compile(r"\(([^()]*)\)(?!\s*(?:\(|NOS\b|,|$))")
_ATTACHED_PAREN = re.compile(r"(?<=[A-Za-z0-9])\(([^()]*)\)")  # part of a word: "graft(s)"
# "Unspecified X" / "X, unspecified" / "X NOS" only: an inner "unspecified part of" stays.
_UNSPEC = re.compile(r"^unspecified\s+|,\s*unspecified$|\s+NOS$", re.IGNORECASE)

_INSTRUCTION = re.compile(r"\b(this code|code to|codes? from|not to be used)\b", re.IGNORECASE)

# Source priority of a form: lower wins when two codes share a form.
PRIORITY_DESCRIPTION, PRIORITY_INCLUSION, PRIORITY_VARIANT, PRIORITY_UNSPECIFIED = 0, 1, 2, 3


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    return {str(k).lower(): str(v).lower() for k, v in yaml.safe_load((DATA / "abbreviations.yaml").read_text()).items()}


@lru_cache(maxsize=1)
def synonyms() -> dict[str, list[str]]:
    return {str(k): [str(s) for s in v] for k, v in yaml.safe_load((DATA / "synonyms.yaml").read_text()).items()}


@lru_cache(maxsize=1)
def _punct_abbreviations() -> list[tuple[re.Pattern, str]]:
    """Abbreviations with punctuation inside (s/p, h/o) are replaced before tokenizing."""
    return [(re.compile(rf"(?<![a-z0-9]){re.escape(k)}(?![a-z0-9])"), f" {v} ")
            for k, v in abbreviations().items() if not k.isalnum()]


def tokens(text: str) -> list[str]:
    """Normalized tokens: lower case, abbreviations expanded, function words dropped."""
    low = text.lower()
    for pattern, expansion in _punct_abbreviations():
        low = pattern.sub(expansion, low)
    out: list[str] = []
    abbrev = abbreviations()
    for word in _WORD.findall(low):
        expanded = abbrev.get(word)
        for piece in (expanded.split() if expanded else (word,)):
            if piece not in _STOPWORDS:
                out.append(piece)
    return out


def surface_variants(text: str, base_priority: int) -> list[tuple[str, int]]:
    """A description and its readable variants, each with a priority."""
    # "(acute)(viral)" keeps a space between its words, never "acuteviral"
    text = re.sub(r"\)\s*\(", ") (", text)
    # an inner bracket reads as plain words ("urinary (tract) infection"); a trailing one stays a
    # bracket ("Thrombosis (vein)", not "Thrombosis vein"); the words are the same to the index
    # "toe(s)" -> "toes" (a bracket inside a word), as before
    variants = [(_INNER_PAREN.sub(r"\1", _ATTACHED_PAREN.sub(r"\1", text)), base_priority)]
    no_paren = _PAREN.sub("", text).strip()
    if no_paren != text:
        variants.append((no_paren, max(base_priority, PRIORITY_VARIANT)))
    for form, _ in list(variants):
        no_unspec = re.sub(r"\s{2,}", " ", _UNSPEC.sub("", form)).strip(" ,")
        if no_unspec and no_unspec != form:
            variants.append((no_unspec[0].upper() + no_unspec[1:], PRIORITY_UNSPECIFIED))
    return variants


def code_surfaces(code: str, index_terms: Path | None = None) -> list[tuple[str, int]]:
    """Every candidate surface form of a code with its priority (with the readable entries of
    the Alphabetic Index file ``index_terms``, None = none)."""
    # the title as printed comes first, so "(congestive)" stays in parentheses when written
    out = [(icd.description(code), PRIORITY_DESCRIPTION)] if "(" in icd.description(code) else []
    out += surface_variants(icd.description(code), PRIORITY_DESCRIPTION)
    for term in icd.inclusion_terms(code):
        if not _INSTRUCTION.search(term):  # "This code is not for inpatient use ..." is a coder's note, not a term
            out.extend(surface_variants(term, PRIORITY_INCLUSION))
    # the title in a clinician's word order ("right hip pain", "prostate cancer"): ranked with
    # the variants, so another code's title or inclusion term always wins
    for text, _ in surface_variants(icd.description(code), PRIORITY_DESCRIPTION)[:1]:
        out.extend((form, PRIORITY_VARIANT) for form in natural_forms.natural_forms(text))
    for term in synonyms().get(code, []):
        out.append((term, PRIORITY_DESCRIPTION))
    # Alphabetic Index entries that read as a phrase ("persistent fever" for R50.9): ranked
    # with the variants, so a title or inclusion term of another code always wins
    for term in index_forms.forms(index_terms).get(code, []):
        out.append((term, PRIORITY_VARIANT))
    return out


# One-word "unspecified" variants the Alphabetic Index leads to the code ("constipation" K59.00)
# are kept, except words a note uses for anything: a header ("present illness"), a vague
# complaint ("pain") or a category ("disease").
_GENERIC_WORDS = frozenset({"illness", "pain", "disease", "disorder", "syndrome", "condition", "problem",
                            "symptom", "symptoms", "injury", "infection", "complication", "abnormality",
                            "lesion", "mass", "deformity", "anomaly", "neoplasm", "tumor", "cancer", "ulcer",
                            "fracture", "wound", "poisoning", "dependence", "abuse", "use", "history"})


def _index_word(word: str, code: str, index_terms: Path | None) -> bool:
    return word not in _GENERIC_WORDS and word in index_forms.single_words(index_terms).get(code, ())


@dataclass
class Match:
    code: str
    start: int  # token offsets in the line's normalized tokens
    end: int
    form: tuple[str, ...]


@dataclass
class TermIndex:
    """Normalized form -> code, keeping only forms that name exactly one code."""

    forms: dict[tuple[str, ...], str] = field(default_factory=dict)
    surfaces: dict[str, list[str]] = field(default_factory=dict)  # code -> readable unambiguous forms
    lengths: dict[str, list[int]] = field(default_factory=dict)  # first token -> form lengths, longest first

    @classmethod
    def build(cls, codes: Iterable[str] | None = None, index_terms: Path | None = None) -> "TermIndex":
        """The index of ``codes`` (every billable code by default); ``index_terms``: the
        Alphabetic Index file whose readable entries add forms (None = none), the path the
        entry point's settings name (``SynthSettings.index_terms_file()``)."""
        codes = list(icd.billable_codes() if codes is None else codes)
        best: dict[tuple[str, ...], tuple[int, set[str]]] = {}
        readable: dict[tuple[str, ...], dict[str, str]] = {}
        for code in codes:
            for text, priority in code_surfaces(code, index_terms):
                form = tuple(tokens(text))
                if not form or (len(form) == 1 and priority == PRIORITY_UNSPECIFIED
                                and not _index_word(form[0], code, index_terms)):
                    continue  # "Illness, unspecified" -> "illness": too generic to trust alone
                current = best.get(form)
                if current is None or priority < current[0]:
                    best[form] = (priority, {code})
                elif priority == current[0]:
                    current[1].add(code)
                readable.setdefault(form, {}).setdefault(code, text)
        index = cls()
        for form, (_, owners) in best.items():
            if len(owners) != 1:
                continue  # ambiguous: neither written nor trusted
            (code,) = owners
            index.forms[form] = code
            index.surfaces.setdefault(code, []).append(readable[form][code])
            index.lengths.setdefault(form[0], []).append(len(form))
        for first, lens in index.lengths.items():
            index.lengths[first] = sorted(set(lens), reverse=True)
        return index

    def find(self, toks: list[str]) -> list[Match]:
        """Greedy longest, left-to-right, non-overlapping matches."""
        out: list[Match] = []
        i, n = 0, len(toks)
        while i < n:
            hit = None
            for length in self.lengths.get(toks[i], ()):
                if i + length <= n:
                    form = tuple(toks[i:i + length])
                    code = self.forms.get(form)
                    if code is not None:
                        hit = Match(code, i, i + length, form)
                        break
            if hit:
                out.append(hit)
                i = hit.end
            else:
                i += 1
        return out

    def writable(self, code: str) -> bool:
        return bool(self.surfaces.get(code))


def full_index(index_terms: Path | None = None) -> TermIndex:
    """The index over every billable ICD-10-CM code, with the forms of the Alphabetic Index
    file ``index_terms`` (None = none; an entry point passes ``settings.index_terms_file()``).
    A few seconds; cached per file, so a run with index terms off never gets an index built
    earlier with them on, or the reverse."""
    return _full_index(index_terms)


@lru_cache(maxsize=2)
def _full_index(index_terms: Path | None) -> TermIndex:  # one positional key: full_index() is full_index(None)
    return TermIndex.build(index_terms=index_terms)
