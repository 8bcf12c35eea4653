"""Read the official ICD-10-CM Index to Diseases and Injuries (CDC/NCHS, public domain) into the
index-terms JSONL the retriever uses (``{"id", "query", "code"}`` per line).

Two layouts are read:

* the CDC XML (``icd10cm-index-YYYY.xml``): ``<letter>`` > ``<mainTerm>`` > nested ``<term level="N">``,
  each with a ``<title>`` (its ``<nemod>`` nonessential modifiers left out), an optional ``<code>``
  (or ``<subcat>``, a subcategory: written as its stem with a trailing "-"), ``<see>``/``<seeAlso>``;
* the flattened CSV (one row per entry; columns ``Term``, ``Level``, ``Code``, ``See``, any order,
  any case, other columns ignored): ``Level`` 0 is a main term, N a subterm of the last row of
  level N-1.

A query is the path of terms from the main term down to an entry with a code, joined by ", " the
way coders cite the index ("Pregnancy, complicated by, oligohydramnios"). Entries without a code
are cross-references ("see ...") and are counted, not written. An entry whose code is not in the
codebook, whose term is empty or whose level skips one is quarantined with file and row; a query
written twice with one code is a duplicate; a query that maps to two codes is ambiguous (its rows
are dropped: the words that told the codes apart are lost). Every row is accounted for:
rows = written + cross-references + quarantined + duplicates + ambiguous.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from chartforge.atomic import atomic_path
from chartforge.errors import ChartforgeError
from codebooks.normalize import dotted

CSV_COLUMNS = ("term", "level", "code")


@dataclass(frozen=True)
class Entry:
    row: int            # CSV line number, or the entry's position in the XML (1-based)
    path: tuple[str, ...]
    code: str           # "" for a cross-reference
    problem: str = ""   # why the row cannot be used (quarantined)


@dataclass
class ImportResult:
    terms: list[dict] = field(default_factory=list)
    rows: int = 0
    cross_references: int = 0
    duplicates: int = 0
    ambiguous_rows: int = 0
    ambiguous_queries: int = 0
    quarantined: list[tuple[int, str]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"rows": self.rows, "written": len(self.terms), "cross_references": self.cross_references,
                "quarantined": len(self.quarantined), "duplicates": self.duplicates,
                "ambiguous_rows": self.ambiguous_rows}

    def reconciles(self) -> bool:
        c = self.counts()
        return c["rows"] == c["written"] + c["cross_references"] + c["quarantined"] + c["duplicates"] + c["ambiguous_rows"]


def term_id(query: str) -> str:
    """Stable id of a query (the held-out evaluation folds hash it)."""
    return "icdx-" + hashlib.sha256(query.encode("utf-8")).hexdigest()[:12]


def _clean(text: str) -> str:
    return " ".join(text.split())


def _title(element: ET.Element | None) -> str:
    """A <title>'s words without its <nemod> nonessential modifiers ("Abasia<nemod>(-astasia)</nemod>")."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        if child.tag != "nemod":
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return _clean("".join(parts))


def _xml_code(element: ET.Element) -> str:
    code = _clean(element.findtext("code") or "")
    if code:
        return code
    subcat = _clean(element.findtext("subcat") or "")
    return subcat.rstrip("-") + "-" if subcat else ""


def read_xml(path: Path) -> Iterator[Entry]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise ChartforgeError.make("E401", file=path, row=exc.position[0],
                                   reason=f"not well-formed XML ({exc.msg if hasattr(exc, 'msg') else exc})") from None
    if root.find(".//mainTerm") is None:
        raise ChartforgeError.make("E401", file=path, row=1, reason="no <mainTerm> elements: not an ICD-10-CM index XML")
    counter = iter(range(1, 1 << 62))

    def walk(element: ET.Element, trail: tuple[str, ...]) -> Iterator[Entry]:
        title = _title(element.find("title"))
        path_here = trail + (title,)
        yield Entry(next(counter), path_here, _xml_code(element), "" if title else "empty term")
        for child in element.findall("term"):
            yield from walk(child, path_here)

    for main in root.iter("mainTerm"):
        yield from walk(main, ())


def read_csv(path: Path) -> Iterator[Entry]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        names = [h.strip().lower() for h in header or []]
        missing = [c for c in CSV_COLUMNS if c not in names]
        if missing:
            raise ChartforgeError.make("E401", file=path, row=1,
                                       reason=f"header lacks column(s) {', '.join(missing)} (Term, Level, Code, See expected)")
        at = {name: names.index(name) for name in CSV_COLUMNS}
        stack: list[str] = []
        for row_number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            cells = row + [""] * (len(names) - len(row))
            term, code = _clean(cells[at["term"]]), _clean(cells[at["code"]])
            try:
                level = int(cells[at["level"]].strip() or 0)
            except ValueError:
                yield Entry(row_number, tuple(stack), code, "Level is not a number")
                continue
            if level < 0 or level > len(stack):
                yield Entry(row_number, tuple(stack), code, f"level {level} follows level {len(stack) - 1}: no parent entry")
                continue
            stack = stack[:level] + [term]
            yield Entry(row_number, tuple(stack), code, "" if term else "empty term")


def detect_layout(path: Path) -> str:
    """'xml' or 'csv', from the suffix, else from the first character."""
    suffix = path.suffix.lower()
    if suffix in (".xml", ".csv"):
        return suffix[1:]
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        head = handle.read(256).lstrip()
    return "xml" if head.startswith("<") else "csv"


def _code_problem(code: str, codebook) -> str:
    stem = dotted(code.rstrip("-"))
    entry = codebook.get(stem)
    if entry is None or entry.kind in ("chapter", "block"):
        return f"code {code!r} is not in ICD-10-CM {codebook.version}"
    return ""


def flatten(entries: Iterator[Entry], codebook) -> ImportResult:
    """Index entries -> unique, unambiguous (query, code) terms; every row counted once."""
    result = ImportResult()
    by_query: dict[str, list[tuple[int, str]]] = {}
    for entry in entries:
        result.rows += 1
        if entry.problem:
            result.quarantined.append((entry.row, entry.problem))
            continue
        if not entry.code:
            result.cross_references += 1
            continue
        if any(not part for part in entry.path):
            result.quarantined.append((entry.row, "a term on its path is empty"))
            continue
        problem = _code_problem(entry.code, codebook)
        if problem:
            result.quarantined.append((entry.row, problem))
            continue
        code = dotted(entry.code.rstrip("-")) + ("-" if entry.code.endswith("-") else "")
        by_query.setdefault(", ".join(entry.path), []).append((entry.row, code))
    for query, hits in by_query.items():
        codes = {code for _, code in hits}
        if len(codes) > 1:
            result.ambiguous_rows += len(hits)
            result.ambiguous_queries += 1
            continue
        result.duplicates += len(hits) - 1
        result.terms.append({"id": term_id(query), "query": query, "code": hits[0][1]})
    return result


def import_index(path: Path, codebook, layout: str | None = None) -> ImportResult:
    layout = layout or detect_layout(path)
    entries = read_xml(path) if layout == "xml" else read_csv(path)
    return flatten(entries, codebook)


def write_terms(path: Path, terms: list[dict]) -> None:
    """JSONL (gzip-compressed when the name ends in .gz, byte-identical across runs), atomically."""
    payload = "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in terms).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp:
        if path.suffix == ".gz":
            with open(tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as handle:
                handle.write(payload)
        else:
            Path(tmp).write_bytes(payload)
