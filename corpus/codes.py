"""What the corpus needs from the codebooks, behind one small adapter.

``CodeLookup`` answers: is this ICD-10-CM / CPT code valid, what is its description, and
which CPT pairs in a set are NCCI-bundled. ``CodebooksLookup`` answers from the
``codebooks`` package (ICD-10-CM codebook, the configured procedure catalog and NCCI
edits); ``version`` names all three, for the manifest and the dataset version hash.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from chartforge.contracts.codes import dotted

# NCCI edits are checked "as of the edit file": every edit not deleted in it applies. A
# fixed date (not today) keeps a rebuild of the same inputs byte-identical.
NCCI_AS_OF = dt.date.max


def normalize_icd(code: str) -> str:
    """Upper-case with the dot after the category (``e1122`` -> ``E11.22``): the contracts' spelling."""
    return dotted(code)


def normalize_cpt(code: str) -> str:
    return code.strip().upper()


@dataclass(frozen=True)
class Bundle:
    """``column2`` must not be coded separately when ``column1`` is coded (an NCCI edit)."""

    column1: str
    column2: str

    def note(self) -> str:
        return f"do not code {self.column2} separately with {self.column1}"


class CodeLookup:
    version: str = "unknown"

    def icd_description(self, code: str) -> str | None:
        """Description of a valid ICD-10-CM code, None if the code does not exist."""
        raise NotImplementedError

    def cpt_description(self, code: str) -> str | None:
        """Description of a CPT/HCPCS code in the procedure catalog, None if it is not there."""
        raise NotImplementedError

    def bundles(self, cpt_codes: list[str]) -> list[Bundle]:
        raise NotImplementedError


class CodebooksLookup(CodeLookup):
    def __init__(self, section=None):
        """``section``: the ``[codebooks]`` settings handed down (None: the packaged defaults)."""
        from codebooks.icd10cm import load_icd10cm
        from codebooks.ncci import load_configured_edits
        from codebooks.paths import cache_dir
        from codebooks.procedures import load_configured_catalog

        self._icd = load_icd10cm(cache_dir(section))
        self._procedures = load_configured_catalog(section)
        self._edits = load_configured_edits(section)
        self.version = f"{self._icd.version}+{self._procedures.version}+{self._edits.version}"

    def icd_description(self, code):
        entry = self._icd.get(normalize_icd(code))
        if entry is None or entry.kind in ("chapter", "block"):
            return None
        return entry.description

    def cpt_description(self, code):
        entry = self._procedures.get(normalize_cpt(code))
        return None if entry is None else entry.description

    def bundles(self, cpt_codes):
        findings = self._edits.check(list(cpt_codes), on=NCCI_AS_OF)
        return [Bundle(f.column1, f.column2) for f in findings if f.bundled]


_LOOKUPS: dict[str, CodeLookup] = {}


def get_lookup(section=None) -> CodeLookup:
    """One lookup per ``[codebooks]`` settings (None: the packaged defaults), built once: loading
    the catalogs takes a while. Keyed by the section's repr (a frozen dataclass holding lists)."""
    key = repr(section)
    if key not in _LOOKUPS:
        _LOOKUPS[key] = CodebooksLookup(section)
    return _LOOKUPS[key]
