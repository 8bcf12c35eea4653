"""Arrow schemas of the ingest outputs (docs/contracts.md §2): defined in chartforge.contracts."""

from __future__ import annotations

from chartforge.contracts.schemas import DUPLICATES, NOTES, SECTION
from chartforge.contracts.schemas import INGEST_QUARANTINE as QUARANTINE

__all__ = ["DUPLICATES", "NOTES", "QUARANTINE", "SECTION"]
