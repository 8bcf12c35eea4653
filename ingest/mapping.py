"""Column mapping: the export's own column names -> canonical Note fields (config ``[ingest.mapping]``)."""

from __future__ import annotations

from ingest.records import NOTE_FIELDS


def column_for(mapping: dict, note_field: str) -> str | None:
    """The export column holding ``note_field``; an empty string in the config means 'none'."""
    column = mapping.get(note_field, note_field)
    return column or None


def missing_columns(mapping: dict, columns: list[str], required: tuple[str, ...]) -> list[str]:
    """Required Note fields whose mapped column is absent from a header (CSV, Parquet schema)."""
    present = set(columns)
    return [field for field in required if column_for(mapping, field) not in present]


def apply_mapping(mapping: dict, row: dict) -> dict:
    """Pick the mapped columns out of a flat row; a column absent from the row is left out."""
    fields = {}
    for note_field in NOTE_FIELDS:
        column = column_for(mapping, note_field)
        if column is not None and column in row:
            fields[note_field] = row[column]
    return fields
