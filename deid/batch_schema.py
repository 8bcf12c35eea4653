"""Arrow schemas of the work-area files and of the published batch (docs/contracts.md §3).

Defined once in chartforge.contracts (the Note is the same one ingest writes); the
readers and writers too. This module keeps the deid stage's names for them.
"""

from __future__ import annotations

from chartforge.contracts.io import concat_files, count_rows, iter_rows, read_rows, write_rows
from chartforge.contracts.schemas import (CHUNK, DEID_NOTES, FLAGS, NOTE_FIELDS, REVIEW_FLAGS, REVIEW_NOTES,
                                          SECTION, SPAN, SPANS, SURROGATE)
from chartforge.contracts.schemas import BATCH_QUARANTINE as QUARANTINE

__all__ = ["CHUNK", "DEID_NOTES", "FLAGS", "NOTE_FIELDS", "QUARANTINE", "REVIEW_FLAGS", "REVIEW_NOTES", "SECTION",
           "SPAN", "SPANS", "SURROGATE", "concat_files", "count_rows", "iter_rows", "read_rows", "write_rows"]
