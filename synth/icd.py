"""ICD-10-CM facts the synthetic branch needs: descriptions, billable leaves, Excludes1 and
code-first/use-additional notes.

One place that talks to the code set, so the rest of ``synth/`` can switch to the
``codebooks`` Codebook interface without touching callers. Codes are written with the dot
(``E11.22``, contracts.md); Excludes1 and code-first notes are parsed from the Tabular List
text, whose code references look like ``(E10.-)`` or ``(N18.1-N18.6)``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import simple_icd_10_cm as cm

from chartforge.contracts.codes import dotless as contract_dotless

# A code reference inside a Tabular note: E10.-  N18.1-N18.6  O10-O11  Z79.4
_CODE_REF = re.compile(r"\b([A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?)(?:\.-)?(?:\s*-\s*([A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?))?")


def dotless(code: str) -> str:
    """The contracts' comparison spelling (``E1122``), without an index stem's ``-``."""
    return contract_dotless(code).rstrip("-")


def is_valid(code: str) -> bool:
    return cm.is_valid_item(code)


def is_billable(code: str) -> bool:
    return cm.is_valid_item(code) and cm.is_leaf(code) and not cm.is_chapter_or_block(code)


def description(code: str) -> str:
    return cm.get_description(code) if cm.is_valid_item(code) else ""


def inclusion_terms(code: str) -> list[str]:
    return list(cm.get_inclusion_term(code)) if cm.is_valid_item(code) else []


@lru_cache(maxsize=1)
def billable_codes() -> tuple[str, ...]:
    return tuple(c for c in cm.get_all_codes(with_dots=True) if is_billable(c))


def category(code: str) -> str:
    return code.split(".")[0][:3]


def _lineage(code: str) -> list[str]:
    """The code and its ancestors up to the category (notes are inherited downwards)."""
    return [code] + [a for a in cm.get_ancestors(code) if not cm.is_chapter_or_block(a)]


def _ranges(notes: list[str] | str) -> list[tuple[str, str]]:
    text = "\n".join(notes) if isinstance(notes, list) else (notes or "")
    out = []
    for start, end in _CODE_REF.findall(text):
        out.append((dotless(start), dotless(end or start)))
    return out


def in_range(code: str, ranges: list[tuple[str, str]]) -> bool:
    """Whether ``code`` falls in any (start, end) range; a range end covers its descendants."""
    key = dotless(code)
    for start, end in ranges:
        if start <= key[: len(start)] and key[: len(end)] <= end:
            return True
    return False


@lru_cache(maxsize=50_000)
def excludes1_ranges(code: str) -> tuple[tuple[str, str], ...]:
    if not cm.is_valid_item(code):
        return ()
    out: list[tuple[str, str]] = []
    for item in _lineage(code):
        out.extend(_ranges(cm.get_excludes1(item)))
    return tuple(out)


def excludes1_conflict(a: str, b: str) -> bool:
    """True when a and b may not be coded together (Excludes1 either way, not self-lineage)."""
    if a == b or dotless(b).startswith(dotless(a)) or dotless(a).startswith(dotless(b)):
        return False
    return in_range(b, list(excludes1_ranges(a))) or in_range(a, list(excludes1_ranges(b)))


@lru_cache(maxsize=50_000)
def code_first_ranges(code: str) -> tuple[tuple[str, str], ...]:
    """Etiology ranges a manifestation code must follow ("Code first underlying disease")."""
    if not cm.is_valid_item(code):
        return ()
    out: list[tuple[str, str]] = []
    for item in _lineage(code):
        out.extend(_ranges(cm.get_code_first(item)))
    return tuple(out)


@lru_cache(maxsize=50_000)
def use_additional_ranges(code: str) -> tuple[tuple[str, str], ...]:
    if not cm.is_valid_item(code):
        return ()
    out: list[tuple[str, str]] = []
    for item in _lineage(code):
        out.extend(_ranges(cm.get_use_additional_code(item)))
    return tuple(out)


def is_manifestation_only(code: str) -> bool:
    """Codes titled 'in diseases classified elsewhere' may never be coded alone."""
    return "classified elsewhere" in description(code).lower() and bool(code_first_ranges(code))


def is_unspecified(code: str) -> bool:
    """A code that a more specific sibling of its category supersedes (I50.9, E11.9)."""
    text = description(code).lower()
    return "unspecified" in text or text.endswith("without complications")
