"""Procedure catalogs (CPT / HCPCS Level II) behind the :class:`Codebook` interface.

CPT is licensed by the AMA, so catalogs are user-supplied: a generic CSV (``code, short,
long``) or the CMS HCPCS Level II annual file (fixed-width ``.txt`` or its ``.csv``/``.xlsx``
export saved as CSV). The project ships only ``data/demo_procedures.csv``, in its own words.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Iterator

from chartforge.atomic import sha256_file
from chartforge.errors import ChartforgeError
from chartforge.settings.sections import CodebooksSection
from codebooks.catalog_rows import RowErrors
from codebooks.codebook import CodeEntry, Codebook

DEMO_CATALOG = Path(__file__).with_name("data") / "demo_procedures.csv"
# CPT: 4 digits + digit/F/T/U (Category I/II/III, PLA); HCPCS Level II: letter + 4 digits.
PROCEDURE_CODE = re.compile(r"^(?:\d{4}[0-9FTU]|[A-V]\d{4})$")
_ALIASES = {
    "code": ("code", "cpt", "hcpcs", "hcpc", "cpt_code", "procedure_code"),
    "short": ("short", "short_description", "short description", "shortdescription", "short_desc"),
    "long": ("long", "long_description", "long description", "longdescription", "long_desc", "description"),
}
# CMS HCPCS contractor record (HCPC<YYYY>_recordlayout.txt): 1-based inclusive positions.
HCPCS_FIXED = {"code": (1, 5), "seq": (6, 10), "recid": (11, 11), "long": (12, 91), "short": (92, 119)}
PROCEDURE_RECORDS, CONTINUATION_RECORDS = {"3"}, {"4"}


class ProcedureCatalog(Codebook):
    system = "CPT/HCPCS"

    def __init__(self, entries: dict[str, CodeEntry], version: str, rejected=None, demo: bool = False):
        self._entries = entries
        self._version = version
        self.rejected = list(rejected or [])
        self.demo = demo

    @property
    def version(self) -> str:
        return self._version

    def get(self, code: str) -> CodeEntry | None:
        return self._entries.get((code or "").strip().upper())

    def __iter__(self) -> Iterator[CodeEntry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def merged(self, other: "ProcedureCatalog") -> "ProcedureCatalog":
        return ProcedureCatalog({**self._entries, **other._entries}, f"{self.version}+{other.version}",
                                self.rejected + other.rejected, self.demo or other.demo)


def _version(path: Path, kind: str) -> str:
    return f"{kind}:{path.name}:{sha256_file(path)[:12]}"


def _column(header: list[str], field: str, path: Path) -> int:
    normalized = [h.strip().lower().replace("-", "_").replace(" ", "_") for h in header]
    for alias in _ALIASES[field]:
        if alias.replace(" ", "_") in normalized:
            return normalized.index(alias.replace(" ", "_"))
    raise ChartforgeError.make("E401", file=path, row=1, reason=f"header has no '{field}' column")


def _add(entries: dict, errors: RowErrors, path: Path, row: int, code: str, short: str, long: str) -> None:
    code = code.strip().upper()
    if not code:
        return errors.reject(path, row, "empty code")
    if not PROCEDURE_CODE.match(code):
        return errors.reject(path, row, "code is not a 5-character CPT/HCPCS code")
    if code in entries:
        return errors.reject(path, row, "duplicate code (first occurrence kept)")
    if not (short.strip() or long.strip()):
        return errors.reject(path, row, "no description")
    long = " ".join(long.split()) or short.strip()
    entries[code] = CodeEntry(code=code, description=long, kind="procedure",
                              short_description=" ".join(short.split()) or long[:28])


def load_csv_catalog(path: Path, strict: bool = True) -> ProcedureCatalog:
    """Generic ``code, short, long`` CSV with a header row (aliases accepted, see ``_ALIASES``)."""
    path = Path(path)
    errors, entries = RowErrors(strict), {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if not header:
            raise ChartforgeError.make("E401", file=path, row=1, reason="empty file (no header row)")
        if "hcpc" in [h.strip().lower() for h in header] and "recid" in [h.strip().lower() for h in header]:
            return load_hcpcs_csv(path, strict)
        columns = {f: _column(header, f, path) for f in ("code", "short", "long")}
        for row_number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue  # blank line: not a record
            if len(row) < len(header):
                errors.reject(path, row_number, f"expected {len(header)} fields, found {len(row)}")
                continue
            _add(entries, errors, path, row_number, row[columns["code"]], row[columns["short"]], row[columns["long"]])
    return ProcedureCatalog(entries, _version(path, "csv"), errors.rejected, demo=path == DEMO_CATALOG)


def _hcpcs_records(rows, path: Path, errors: RowErrors, entries: dict) -> None:
    """Join the multi-line long descriptions (RECID 3 first line, 4 continuation); skip
    modifier records (7/8), which describe modifiers, not procedures."""
    current = None
    for row_number, code, recid, long, short in rows:
        if recid in PROCEDURE_RECORDS:
            if current:
                _add(entries, errors, path, *current)
            current = [row_number, code, short, long]
        elif recid in CONTINUATION_RECORDS:
            if current is None or current[1].strip() != code.strip():
                errors.reject(path, row_number, "continuation line without its first line")
                continue
            current[3] = f"{current[3].rstrip()} {long.strip()}"
        elif recid in {"7", "8"}:
            continue
        else:
            errors.reject(path, row_number, "unknown record id (expected 3, 4, 7 or 8)")
    if current:
        _add(entries, errors, path, *current)


def load_hcpcs_fixed(path: Path, strict: bool = True) -> ProcedureCatalog:
    """The CMS HCPCS Level II annual fixed-width file (``HCPC<YYYY>_<MON>_ANWEB*.txt``)."""
    path = Path(path)
    errors, entries = RowErrors(strict), {}

    def field(line: str, name: str) -> str:
        start, end = HCPCS_FIXED[name]
        return line[start - 1:end]

    def rows():
        with open(path, encoding="latin-1") as handle:
            for row_number, line in enumerate(handle, start=1):
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                if len(line) < HCPCS_FIXED["long"][0]:
                    errors.reject(path, row_number, "line shorter than the HCPCS record layout")
                    continue
                yield row_number, field(line, "code"), field(line, "recid"), field(line, "long"), field(line, "short")

    _hcpcs_records(rows(), path, errors, entries)
    return ProcedureCatalog(entries, _version(path, "hcpcs"), errors.rejected)


def load_hcpcs_csv(path: Path, strict: bool = True) -> ProcedureCatalog:
    """The HCPCS annual file's spreadsheet export (columns HCPC, SEQNUM, RECID, LONG
    DESCRIPTION, SHORT DESCRIPTION, ...) saved as CSV."""
    path = Path(path)
    errors, entries = RowErrors(strict), {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = {name.strip().upper(): name for name in reader.fieldnames or []}
        for needed in ("HCPC", "RECID", "LONG DESCRIPTION", "SHORT DESCRIPTION"):
            if needed not in fields:
                raise ChartforgeError.make("E401", file=path, row=1, reason=f"header has no '{needed}' column")
        rows = ((n, r[fields["HCPC"]] or "", (r[fields["RECID"]] or "").strip(),
                 r[fields["LONG DESCRIPTION"]] or "", r[fields["SHORT DESCRIPTION"]] or "")
                for n, r in enumerate(reader, start=2))
        _hcpcs_records(rows, path, errors, entries)
    return ProcedureCatalog(entries, _version(path, "hcpcs"), errors.rejected)


def load_catalog(path: Path, strict: bool = True) -> ProcedureCatalog:
    path = Path(path)
    if not path.is_file():
        raise ChartforgeError.make("E004", path=path)
    if path.suffix.lower() == ".txt":
        return load_hcpcs_fixed(path, strict)
    return load_csv_catalog(path, strict)


def load_configured_catalog(section: CodebooksSection | None = None, strict: bool | None = None) -> ProcedureCatalog:
    """The catalogs named in ``[codebooks] procedure_catalogs`` of ``section`` (None: the packaged
    defaults) merged, else the DEMO catalog."""
    section = section or CodebooksSection()
    strict = section.strict_catalogs if strict is None else strict
    paths = section.procedure_catalogs or []
    if not paths:
        catalog = load_csv_catalog(DEMO_CATALOG, strict)
        catalog._version = f"DEMO-{catalog.version}"
        return catalog
    catalogs = [load_catalog(Path(p).expanduser(), strict) for p in paths]
    merged = catalogs[0]
    for other in catalogs[1:]:
        merged = merged.merged(other)
    return merged
