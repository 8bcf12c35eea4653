"""ICD-10-CM Alphabetic Index entries as surface forms a note can write: more ways to say a
code than its Tabular title and inclusion terms ("severe persistent asthma", "adrenal crisis",
"bilious vomiting", "anaerobic sepsis").

An index entry is a path of terms ("Crisis, adrenal" -> E27.2). Only the paths that read as a
clinical phrase once the modifier is put in front are kept: a main term and one adjectival
modifier ("Pneumonia, lobar" -> "lobar pneumonia"), after dropping the main term's own variant
spellings ("Hypertension, hypertensive"). Paths with a connector ("with", "due to", "in"),
a noun modifier ("Spasm, heart"), NEC/NOS, digits or punctuation are left out: they need a
coder's reading, not a clinician's.

The file is the `[codebooks] index_terms` JSONL (the packaged dev split of the index by default;
`[synth] index_term_forms = false`, `index_terms = ""` or a missing file turns the forms off, and
unit tests never read it). Nothing here reads the configuration: the entry point resolves the
path (``SynthSettings.index_terms_file()``) and hands it to ``terms.full_index``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from synth import icd

# A modifier reads as an adjective before the main term: its ending, a possessive eponym
# ("Flexner's"), or one of the words clinicians put in front of a diagnosis.
_ADJECTIVE = re.compile(r"(al|ic|ous|ive|ary|ar|ed|ile|ant|ent|ine|ular|eal|ian|ose|ory|'s)$", re.IGNORECASE)
_FRONT_WORDS = frozenset({"acute", "chronic", "severe", "mild", "moderate", "general", "generalized", "persistent",
                          "intermittent", "recurrent", "benign", "malignant", "primary", "secondary", "idiopathic",
                          "senile", "juvenile", "diffuse", "focal", "bilateral", "unilateral", "localized", "early",
                          "late", "old", "simple", "mixed", "total", "partial", "complete", "incomplete"})
# A main term that is itself an adjective or a situation does not take a modifier in front.
_NOT_A_HEAD = re.compile(r"^(history|status|personal|family|long term|use|abnormal|low|high|elevated|elevation|"
                         r"inguinal|sick|short|patent|lack of|other|unspecified|presence)$", re.IGNORECASE)
_UNREADABLE = re.compile(r"[()\[\]/\d]|\b(NEC|NOS|with|without|due|in|of|from|by|and|or|see|following)\b", re.IGNORECASE)


def readable(query: str) -> str | None:
    """'Pneumonia, lobar' -> 'lobar pneumonia'; None for a path that is not a clinical phrase."""
    segments = [s.strip() for s in query.split(", ")]
    head = segments[0]
    modifiers = [s for s in segments[1:] if s.lower()[:5] != head.lower()[:5]]  # not "Hypertension, hypertensive"
    if len(modifiers) != 1:
        return None
    modifier = modifiers[0]
    if _UNREADABLE.search(f"{head} {modifier}") or _NOT_A_HEAD.match(head) or "-" in modifier:
        return None
    if len(head.split()) > 2 or len(modifier.split()) > 2:
        return None
    last = modifier.split()[-1]
    if not (_ADJECTIVE.search(last) or last.lower() in _FRONT_WORDS):
        return None  # "Spasm, heart", "Clump, kidney"
    return f"{modifier} {head.lower()}" if modifier.endswith("'s") else f"{modifier.lower()} {head.lower()}"


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3}


def _names_the_code(form: str, code: str) -> bool:
    """The form's main term is a word of the code's title or inclusion terms: "persistent fever"
    for R50.9, not "hyperlipidemic xanthoma" for E78.5 (a lesion the index sends to the
    lipid code, which a note would not write to mean hyperlipidemia)."""
    head = form.split()[-1]
    return head.lower()[:5] in _stems(" ".join([icd.description(code), *icd.inclusion_terms(code)]))


def read_forms(path: Path) -> dict[str, list[str]]:
    """Billable code -> readable index forms, from an index JSONL ({"query", "code"} per line)."""
    from codebooks.paths import open_text

    out: dict[str, list[str]] = {}
    with open_text(path) as handle:
        for line in handle:
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a bad line of a reference file is skipped, never fatal
            code = record.get("code", "") if isinstance(record, dict) else ""
            form = readable(record.get("query", "")) if code and icd.is_billable(code) else None
            if form and _names_the_code(form, code) and form not in out.setdefault(code, []):
                out[code].append(form)
    return {c: forms for c, forms in out.items() if forms}


def read_single_words(path: Path) -> dict[str, set[str]]:
    """Billable code -> the one-word main entries of the index that lead to it ("Constipation"
    -> K59.00, "Tremor" -> R25.1): the index's word that a title's "unspecified" variant may be
    written as on its own."""
    from codebooks.paths import open_text

    out: dict[str, set[str]] = {}
    with open_text(path) as handle:
        for line in handle:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if not isinstance(record, dict):
                continue
            query, code = str(record.get("query", "")), str(record.get("code", ""))
            if query.isalpha() and code and icd.is_billable(code):
                out.setdefault(code, set()).add(query.lower())
    return out


# Cached by the file, never once per process: a test (or a command) that reads with index terms
# on must not leave its forms to one that runs later with them off (tests/synth's notes differed
# with the suite's order when tests/flows' synth run had filled a key-less cache first).
@lru_cache(maxsize=4)
def single_words(path: Path | None) -> dict[str, set[str]]:
    """``read_single_words`` of the index file ``path``, once per file; {} for None (off)."""
    return read_single_words(path) if path else {}


@lru_cache(maxsize=4)
def forms(path: Path | None) -> dict[str, list[str]]:
    """``read_forms`` of the index file ``path``, once per file; {} for None (off). The path is
    handed down from the entry point's settings (``SynthSettings.index_terms_file()``)."""
    return read_forms(path) if path else {}
