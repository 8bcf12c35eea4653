"""What a reader yields: one raw record, or one failure, always with its file and row.

Readers never raise for a bad record: they yield a :class:`RawRecord` whose ``error`` is set,
so the pipeline can quarantine it and carry on. ``row`` is 1-based and means the record's
position in its file (CSV data row, JSONL line, Parquet row, FHIR Bundle entry); ``row`` 0
stands for the file as a whole (a binary or unreadable file).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chartforge.errors import ChartforgeError

# Canonical Note fields a reader may fill (docs/contracts.md §2, before normalization).
NOTE_FIELDS = ("source", "source_row_id", "patient_id", "encounter_id", "note_type",
               "note_date", "text", "codes")
REQUIRED_FIELDS = ("source_row_id", "patient_id", "text")


@dataclass
class RawRecord:
    file: str
    row: int
    fields: dict = field(default_factory=dict)
    # True when ``fields`` already uses the canonical Note names (FHIR readers);
    # False when they are the export's own column names, to be mapped by ingest.mapping.
    canonical: bool = False
    error: ChartforgeError | None = None
    source_row_id: str | None = None  # known even for some failures, for the quarantine file

    @classmethod
    def failure(cls, file: str, row: int, code: str, source_row_id: str | None = None,
                **fields) -> "RawRecord":
        error = ChartforgeError.make(code, file=file, row=row, **fields)
        return cls(file=file, row=row, error=error, source_row_id=source_row_id)
