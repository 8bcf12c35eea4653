"""`chartforge review export-audit`: the append-only audit log as CSV, safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (after any
spaces) is run as a formula by Excel and LibreOffice (``=HYPERLINK(...)`` in an actor
name would be a live link). As OWASP's "CSV Injection" page recommends, such a cell is
prefixed with a single quote, which spreadsheets show as text; the csv module quotes
separators and double quotes.
"""

from __future__ import annotations

import csv
from typing import Iterable, TextIO

from review.store.base import AuditEntry

FIELDS = ["entry_id", "at", "actor", "action", "round_id", "item_id", "note_id", "detail"]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.lstrip(" ").startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def write_audit_csv(entries: Iterable[AuditEntry], handle: TextIO) -> int:
    """Write the header and one row per entry; returns the number of entries."""
    writer = csv.writer(handle)
    writer.writerow(FIELDS)
    count = 0
    for entry in entries:
        writer.writerow([safe_cell(getattr(entry, field)) for field in FIELDS])
        count += 1
    return count
