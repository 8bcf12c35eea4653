"""What the corpus needs from the codebooks, behind one small adapter.

``CodeLookup`` answers: is this ICD-10-CM / CPT code valid, what is its description, and
which CPT pairs in a set are NCCI-bundled. It uses the ``codebooks`` package when that
provides the APIs, else ``simple_icd_10_cm`` directly (CPT then validates by format only
and no bundling edits are known). ``version`` names what answered, for the manifest and
the dataset version hash.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import metadata

_CPT_FORMAT = re.compile(r"^\d{4}[0-9FTU]$")


def normalize_icd(code: str) -> str:
    """Upper-case with the dot after the category (``e1122`` -> ``E11.22``), per contracts.md."""
    dotless = code.strip().upper().replace(".", "")
    return dotless if len(dotless) <= 3 else f"{dotless[:3]}.{dotless[3:]}"


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

    def icd_billable(self, code: str) -> bool:
        raise NotImplementedError

    def cpt_description(self, code: str) -> str | None:
        """Description of a valid CPT code ('' if valid but undescribed), None if invalid."""
        raise NotImplementedError

    def bundles(self, cpt_codes: list[str]) -> list[Bundle]:
        raise NotImplementedError


class SimpleIcdLookup(CodeLookup):
    """Fallback: ``simple_icd_10_cm`` for ICD; CPT by format; no NCCI edits."""

    def __init__(self):
        import simple_icd_10_cm

        self._icd = simple_icd_10_cm
        self.version = f"simple_icd_10_cm=={metadata.version('simple_icd_10_cm')}"

    def icd_description(self, code):
        code = normalize_icd(code)
        if not self._icd.is_valid_item(code) or self._icd.is_chapter_or_block(code):
            return None
        return self._icd.get_description(code)

    def icd_billable(self, code):
        code = normalize_icd(code)
        return self._icd.is_valid_item(code) and self._icd.is_leaf(code)

    def cpt_description(self, code):
        return "" if _CPT_FORMAT.match(normalize_cpt(code)) else None

    def bundles(self, cpt_codes):
        return []


@functools.lru_cache(maxsize=1)
def get_lookup() -> CodeLookup:
    return SimpleIcdLookup()
