"""ICD-10-CM from ``simple_icd_10_cm`` behind the :class:`Codebook` interface.

The package parses its XML on the first call (~3 s); we derive every field once and keep
a JSON snapshot in the cache directory keyed by the package version, so later loads only
read one file.
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path
from typing import Iterator

from chartforge.atomic import atomic_open
from codebooks.cache_admin import mark_used
from codebooks.codebook import CodeEntry, Codebook
from codebooks.normalize import dotless, dotted
from codebooks.paths import cache_dir

PACKAGE = "simple_icd_10_cm"
# Bump when the snapshot layout below changes, so old snapshots are rebuilt.
SNAPSHOT_LAYOUT = 3
# A code or range referenced inside a note: "E10.-", "I60-I69", "N18.1-N18.6", "P70.2".
# A trailing "-" belongs to the code ("E10.-") unless another code follows (a range).
_REF = re.compile(r"\b([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{0,4})?(?:-(?!\s*[A-Z][0-9]))?)"
                  r"(?:\s*-\s*([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{0,4})?))?")


def package_version() -> str:
    return metadata.version(PACKAGE)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _kind(cm, code: str) -> str:
    if cm.is_chapter(code):
        return "chapter"
    if cm.is_block(code) and not cm.is_category(code):
        return "block"
    if cm.is_category(code):
        return "category"
    if cm.is_extended_subcategory(code):
        return "extended"
    return "subcategory"


def build_snapshot() -> list[dict]:
    """Every item of the package as plain dicts (slow: parses the XML)."""
    import simple_icd_10_cm as cm

    rows = []
    for code in cm.get_all_codes(True):
        kind = _kind(cm, code)
        ancestors = cm.get_ancestors(code)
        lineage = [code, *ancestors]
        seventh = {}
        for item in lineage:
            seventh = cm.get_seven_chr_def(item)
            if seventh:
                break
        rows.append({
            "code": code,
            "description": cm.get_description(code),
            "kind": kind,
            "parent": cm.get_parent(code) or None,
            "billable": cm.is_leaf(code) and kind not in ("chapter", "block"),
            "chapter": next((a for a in lineage if cm.is_chapter(a)), None),
            "block": next((a for a in lineage if cm.is_block(a) and not cm.is_category(a)), None),
            "category": next((a for a in lineage if cm.is_category(a)), None),
            "children": cm.get_children(code),
            "inclusion_terms": cm.get_inclusion_term(code),
            "includes": cm.get_includes(code),
            "excludes1": cm.get_excludes1(code),
            "excludes2": cm.get_excludes2(code),
            "code_first": list(_lines(cm.get_code_first(code))),
            "use_additional": list(_lines(cm.get_use_additional_code(code))),
            "code_also": list(_lines(cm.get_code_also(code))),
            "seventh_characters": {k: " ".join(v.split()) for k, v in seventh.items()} if kind != "chapter" else {},
        })
    # Empty fields are left out: most codes have no notes, and a smaller file loads faster.
    return [{key: value for key, value in row.items() if value not in ([], {}, None, "")} for row in rows]


def _snapshot_path(directory: Path) -> Path:
    return directory / f"icd10cm-{PACKAGE}-{package_version()}-layout{SNAPSHOT_LAYOUT}.json"


def load_rows(directory: Path | None = None) -> list[dict]:
    """Rows from the cached snapshot, building it on a miss."""
    path = _snapshot_path(directory or cache_dir())
    if path.is_file():
        mark_used(path)
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    rows = build_snapshot()
    with atomic_open(path) as handle:
        json.dump(rows, handle, separators=(",", ":"))
    return rows


_TUPLE_FIELDS = ("children", "inclusion_terms", "includes", "excludes1", "excludes2",
                 "code_first", "use_additional", "code_also")


def _entry(row: dict) -> CodeEntry:
    values = {**row, "billable": row.get("billable", False)}
    for name in _TUPLE_FIELDS:
        if name in values:
            values[name] = tuple(values[name])
    return CodeEntry(**values)


def referenced_codes(note: str) -> list[tuple[str, str]]:
    """Code ranges named in an Excludes/Code-first line, as dotless (low, high) prefix pairs.

    "type 1 diabetes mellitus (E10.-)" -> [("E10", "E10")]; "(I60-I69)" -> [("I60", "I69")].
    """
    found = []
    for low, high in _REF.findall(note):
        low_key = dotless(low).rstrip("-")
        found.append((low_key, dotless(high).rstrip("-") if high else low_key))
    return found


def _in_range(key: str, low: str, high: str) -> bool:
    # Prefix-aware range test: "E1122" is inside ("E10", "E13") and inside ("E11", "E11").
    return key[: len(low)] >= low and key[: len(high)] <= high


def _detach_self_parent(row: dict) -> dict:
    """simple_icd_10_cm files 39 one-category blocks under the category's own code (block
    "C50" holds category "C50"), so those categories are their own parent; lineage walks
    would never end. Such a category hangs from its chapter instead."""
    if row.get("parent") != row["code"]:
        return row
    return {**row, "parent": row.get("chapter")}


class ICD10CM(Codebook):
    """ICD-10-CM FY2026 (April 2026 update) as bundled by simple_icd_10_cm."""

    system = "ICD10CM"

    def __init__(self, rows: list[dict] | None = None, version: str | None = None):
        rows = load_rows() if rows is None else rows
        # Entries are built on first use: constructing ~98k dataclasses up front costs seconds.
        self._rows = {dotless(row["code"]): _detach_self_parent(row) for row in rows}
        self._entries: dict[str, CodeEntry] = {}
        self._version = version or f"icd10cm-fy2026-{PACKAGE}-{package_version()}"

    @property
    def version(self) -> str:
        return self._version

    def get(self, code: str) -> CodeEntry | None:
        if not code:
            return None
        key = dotless(code)
        entry = self._entries.get(key)
        if entry is None and key in self._rows:
            entry = self._entries[key] = _entry(self._rows[key])
        return entry

    def __iter__(self) -> Iterator[CodeEntry]:
        return (self.get(key) for key in self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def row(self, code: str) -> dict | None:
        """The raw snapshot row (cheap; no dataclass), for bulk passes like index building."""
        return self._rows.get(dotless(code))

    def rows(self) -> Iterator[dict]:
        return iter(self._rows.values())

    def codes(self, billable_only: bool = False) -> list[str]:
        return [r["code"] for r in self._rows.values()
                if r["kind"] not in ("chapter", "block") and (r.get("billable") or not billable_only)]

    def lineage(self, code: str) -> list[CodeEntry]:
        """The entry and its ancestors, most specific first."""
        out, entry, seen = [], self.get(code), set()
        while entry is not None and entry.code not in seen:  # a cycle would loop forever
            seen.add(entry.code)
            out.append(entry)
            entry = self.get(entry.parent) if entry.parent else None
        return out

    def ancestors(self, code: str) -> list[str]:
        return [e.code for e in self.lineage(code)[1:]]

    def descendants(self, code: str, billable_only: bool = False) -> list[str]:
        entry, out = self.get(code), []
        stack = list(entry.children) if entry else []
        while stack:
            child = self.get(stack.pop())
            if child is None:
                continue
            if child.billable or not billable_only:
                out.append(child.code)
            stack.extend(child.children)
        return sorted(out)

    def excludes1_conflict(self, a: str, b: str) -> str | None:
        """The Excludes1 note that forbids coding ``a`` with ``b`` (either direction), else None.

        Notes apply to every code below the one that carries them, so ancestors' notes count.
        """
        for first, second in ((a, b), (b, a)):
            key = dotless(second)
            for entry in self.lineage(first):
                if entry.kind in ("chapter",):
                    continue
                for note in entry.excludes1:
                    if any(_in_range(key, low, high) for low, high in referenced_codes(note)):
                        return f"{entry.code}: {note}"
        return None

    def status(self, code: str) -> str:
        """valid-billable | valid-not-billable (more specific child exists) | invalid."""
        entry = self.get(code)
        if entry is None or entry.kind in ("chapter", "block"):
            return "invalid"
        return "billable" if entry.billable else "not-billable"


_LOADED: list[ICD10CM] = []


def load_icd10cm(directory: Path | None = None) -> ICD10CM:
    """The process-wide ICD-10-CM codebook, read from its snapshot in ``directory`` (the cache
    dir the caller was handed; None: the packaged default). The codebook is the same wherever
    its snapshot is cached, so the first load is shared by every later caller."""
    if not _LOADED:
        _LOADED.append(ICD10CM(load_rows(directory)))
    return _LOADED[0]


__all__ = ["ICD10CM", "load_icd10cm", "dotted", "referenced_codes"]
