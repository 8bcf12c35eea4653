"""The ``Codebook`` interface every code system implements (ICD-10-CM, procedure catalogs).

A codebook answers "is this a code, what does it mean, may it be billed, is there a more
specific one" and names its exact ``version`` so datasets can record what they were
labelled against.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Iterator


@dataclass(frozen=True)
class CodeEntry:
    code: str                      # upper-case, dotted (E11.22); chapters "4", blocks "E08-E13"
    description: str
    kind: str = "code"             # chapter | block | category | subcategory | extended | procedure
    parent: str | None = None
    billable: bool = True
    chapter: str | None = None
    block: str | None = None
    category: str | None = None
    children: tuple[str, ...] = ()
    inclusion_terms: tuple[str, ...] = ()
    includes: tuple[str, ...] = ()
    excludes1: tuple[str, ...] = ()
    excludes2: tuple[str, ...] = ()
    code_first: tuple[str, ...] = ()
    use_additional: tuple[str, ...] = ()
    code_also: tuple[str, ...] = ()
    # 7th characters that apply to this code (inherited from the category that defines them).
    seventh_characters: dict[str, str] = field(default_factory=dict)
    short_description: str = ""


class Codebook(ABC):
    """Read-only lookups over one version of one code system."""

    system: str = ""

    @property
    @abstractmethod
    def version(self) -> str:
        """E.g. ``icd10cm-fy2026-simple_icd_10_cm-1.5.0``; stable for a given source."""

    @abstractmethod
    def get(self, code: str) -> CodeEntry | None:
        """The entry for ``code`` in any spelling (dotted or not, any case), else None."""

    @abstractmethod
    def __iter__(self) -> Iterator[CodeEntry]:
        ...

    @abstractmethod
    def __len__(self) -> int:
        ...

    def __contains__(self, code: str) -> bool:
        return self.get(code) is not None

    def is_valid(self, code: str) -> bool:
        return code in self

    def is_billable(self, code: str) -> bool:
        entry = self.get(code)
        return bool(entry and entry.billable)

    def has_more_specific_child(self, code: str) -> bool:
        entry = self.get(code)
        return bool(entry and entry.children)

    def description(self, code: str) -> str:
        entry = self.get(code)
        return entry.description if entry else ""
