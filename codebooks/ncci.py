"""NCCI procedure-to-procedure (PTP) edits: column 1 / column 2 pairs and the bundling check.

An active edit means the column 2 code is not paid separately when billed with column 1
on the same day. The modifier indicator says whether an NCCI-associated modifier may
unbundle the pair: 0 never, 1 allowed, 9 edit not applicable.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from chartforge.atomic import sha256_file
from chartforge.errors import ChartforgeError
from chartforge.settings.sections import CodebooksSection
from codebooks.catalog_rows import RowErrors
from codebooks.procedures import PROCEDURE_CODE

DEMO_EDITS = Path(__file__).with_name("data") / "demo_ncci_ptp.csv"
# Modifiers that may bypass a PTP edit whose indicator is 1 (NCCI policy manual, ch. I).
BYPASS_MODIFIERS = frozenset({"59", "XE", "XS", "XP", "XU", "25", "58", "78", "79", "91",
                              "24", "27", "E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4",
                              "F5", "F6", "F7", "F8", "F9", "TA", "T1", "T2", "T3", "T4", "T5",
                              "T6", "T7", "T8", "T9", "LT", "RT", "LC", "LD", "RC", "LM", "RI"})
_ALIASES = {
    "column1": ("column1", "column 1", "col1", "column_1"),
    "column2": ("column2", "column 2", "col2", "column_2"),
    "modifier": ("modifier", "modifier indicator", "modifier_indicator", "modifier 0=not allowed 1=allowed 9=not applicable"),
    "effective": ("effective", "effective date", "effective_date"),
    "deletion": ("deletion", "deletion date", "deletion_date", "deletion date *=no data"),
    "rationale": ("rationale", "ptp edit rationale", "edit rationale"),
}


@dataclass(frozen=True)
class PTPEdit:
    column1: str
    column2: str
    modifier_indicator: str
    effective: dt.date
    deletion: dt.date | None
    rationale: str = ""

    def active_on(self, day: dt.date) -> bool:
        return self.modifier_indicator != "9" and self.effective <= day and (self.deletion is None or day < self.deletion)


@dataclass(frozen=True)
class BundlingFinding:
    column1: str
    column2: str
    modifier_indicator: str
    bypassed: bool  # a modifier on column 2 legitimately unbundles the pair
    rationale: str

    @property
    def bundled(self) -> bool:
        return not self.bypassed


def _date(raw: str) -> dt.date | None:
    raw = (raw or "").strip()
    if raw in ("", "*"):
        return None
    for fmt in ("%Y%m%d", "%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError("unparseable date")


class NCCIEdits:
    def __init__(self, edits: list[PTPEdit], version: str, rejected=None):
        self.edits = edits
        self.version = version
        self.rejected = list(rejected or [])
        self._pairs: dict[tuple[str, str], list[PTPEdit]] = {}
        for edit in edits:
            self._pairs.setdefault((edit.column1, edit.column2), []).append(edit)

    def __len__(self) -> int:
        return len(self.edits)

    def edit_for(self, column1: str, column2: str, on: dt.date | None = None) -> PTPEdit | None:
        day = on or dt.date.today()
        return next((e for e in self._pairs.get((column1.upper(), column2.upper()), []) if e.active_on(day)), None)

    def check(self, codes: list[str], on: dt.date | None = None,
              modifiers: dict[str, list[str]] | None = None) -> list[BundlingFinding]:
        """Every active edit among ``codes`` billed together on ``on`` (default today)."""
        modifiers = {c.upper(): {m.upper() for m in ms} for c, ms in (modifiers or {}).items()}
        unique = list(dict.fromkeys(c.strip().upper() for c in codes))
        findings = []
        for first in unique:
            for second in unique:
                edit = self.edit_for(first, second, on) if first != second else None
                if edit is None:
                    continue
                bypassed = edit.modifier_indicator == "1" and bool(modifiers.get(second, set()) & BYPASS_MODIFIERS)
                findings.append(BundlingFinding(first, second, edit.modifier_indicator, bypassed, edit.rationale))
        return findings


def load_edits(path: Path, strict: bool = True) -> NCCIEdits:
    """A PTP edit CSV (header names as in the CMS files or the short ``column1,column2,...``)."""
    path = Path(path)
    if not path.is_file():
        raise ChartforgeError.make("E004", path=path)
    errors, edits = RowErrors(strict), []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [h.strip().lower() for h in (next(reader, None) or [])]
        columns = {}
        for field, aliases in _ALIASES.items():
            found = next((header.index(a) for a in aliases if a in header), None)
            if found is None and field != "rationale":
                raise ChartforgeError.make("E401", file=path, row=1, reason=f"header has no '{field}' column")
            columns[field] = found
        for row_number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            try:
                value = {f: (row[i].strip() if i is not None and i < len(row) else "") for f, i in columns.items()}
            except IndexError:
                errors.reject(path, row_number, "too few fields")
                continue
            if not (PROCEDURE_CODE.match(value["column1"].upper()) and PROCEDURE_CODE.match(value["column2"].upper())):
                errors.reject(path, row_number, "column1/column2 is not a 5-character CPT/HCPCS code")
                continue
            if value["modifier"] not in ("0", "1", "9"):
                errors.reject(path, row_number, "modifier indicator must be 0, 1 or 9")
                continue
            try:
                effective, deletion = _date(value["effective"]), _date(value["deletion"])
            except ValueError:
                errors.reject(path, row_number, "effective/deletion date is not YYYYMMDD")
                continue
            if effective is None:
                errors.reject(path, row_number, "missing effective date")
                continue
            edits.append(PTPEdit(value["column1"].upper(), value["column2"].upper(), value["modifier"],
                                 effective, deletion, value.get("rationale") or ""))
    prefix = "DEMO-" if path == DEMO_EDITS else ""
    return NCCIEdits(edits, f"{prefix}ncci:{path.name}:{sha256_file(path)[:12]}", errors.rejected)


def load_configured_edits(section: CodebooksSection | None = None, strict: bool | None = None) -> NCCIEdits:
    """The edit files named in ``[codebooks] ncci_edits`` of ``section`` (None: the packaged
    defaults), else the DEMO edits."""
    section = section or CodebooksSection()
    strict = section.strict_catalogs if strict is None else strict
    paths = section.ncci_edits or []
    if not paths:
        return load_edits(DEMO_EDITS, strict)
    loaded = [load_edits(Path(p).expanduser(), strict) for p in paths]
    return NCCIEdits([e for l in loaded for e in l.edits], "+".join(l.version for l in loaded),
                     [r for l in loaded for r in l.rejected])
