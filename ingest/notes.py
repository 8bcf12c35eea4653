"""One raw record -> one Note row (docs/contracts.md §2), or the error that quarantines it.

Every check names the file, the row and the field, never the value: values are PHI.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from chartforge.errors import ChartforgeError
from chartforge.ids import content_hash, note_id
from ingest.mapping import apply_mapping, column_for
from ingest.normalize import is_blank, normalize_field, normalize_text
from ingest.records import REQUIRED_FIELDS, RawRecord
from ingest.sections import segment


@dataclass(frozen=True)
class NoteRules:
    mapping: dict
    default_source: str
    date_formats: tuple[str, ...]
    codes_separator: str = "|"


def _text_value(value) -> str | None:
    """Ids and names as one-line strings without control characters (normalize_field); a
    float id that is really an integer loses its '.0'; nothing left means absent."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN: pandas-style missing value
            return None
        if value.is_integer():
            value = int(value)
    text = normalize_field(str(value))
    return text or None


def parse_date(value, formats: tuple[str, ...]) -> dt.date | None:
    """``None`` for an absent date; raises ValueError for one that cannot be read."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError("no configured date format matches")


def normalize_code(code: str) -> str:
    """``SYSTEM:CODE`` upper-case; ICD-10-CM codes get their dot after the category (E1122 -> E11.22)."""
    system, _, value = code.strip().partition(":")
    system, value = system.strip().upper(), value.strip().upper()
    if not system or not value:
        raise ValueError
    if system == "ICD10CM" and "." not in value and len(value) > 3:
        value = f"{value[:3]}.{value[3:]}"
    return f"{system}:{value}"


def parse_codes(value, separator: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        items = value.split(separator)
    elif isinstance(value, (list, tuple)):
        items = [str(v) for v in value if v is not None]
    else:
        items = list(value)  # a numpy/arrow array
    codes = []
    for item in items:
        item = normalize_field(str(item))
        if not item:
            continue
        code = normalize_code(item)
        if code not in codes:  # the same code twice on one note says nothing more
            codes.append(code)
    return codes


def build_note(record: RawRecord, rules: NoteRules) -> dict:
    """The Note row for ``record``; raises ChartforgeError (E101/E103/E104/E108) for a bad one."""
    fields = record.fields if record.canonical else apply_mapping(rules.mapping, record.fields)
    file, row = record.file, record.row

    def field_name(note_field: str) -> str:
        # Errors name the field as the export calls it, so the steward can find it.
        return note_field if record.canonical else (column_for(rules.mapping, note_field) or note_field)

    values = {key: _text_value(fields.get(key)) for key in
              ("source", "source_row_id", "patient_id", "encounter_id", "note_type")}
    raw_text = fields.get("text")
    for required in REQUIRED_FIELDS:
        present = raw_text is not None if required == "text" else values[required] is not None
        if not present:
            raise ChartforgeError.make("E101", file=file, row=row, field=field_name(required))
    if not isinstance(raw_text, str):
        raise ChartforgeError.make("E108", file=file, row=row, reason=f"field '{field_name('text')}' is not text")
    text = normalize_text(raw_text)
    if is_blank(text):
        raise ChartforgeError.make("E103", file=file, row=row)
    try:
        note_date = parse_date(fields.get("note_date"), rules.date_formats)
    except ValueError:
        raise ChartforgeError.make("E104", file=file, row=row, field=field_name("note_date")) from None
    try:
        codes = parse_codes(fields.get("codes"), rules.codes_separator)
    except ValueError:
        raise ChartforgeError.make("E108", file=file, row=row,
                                   reason=f"field '{field_name('codes')}' has a code that is not SYSTEM:CODE") from None
    source = values["source"] or rules.default_source
    return {
        "note_id": note_id(source, values["source_row_id"]),
        "source": source,
        "source_row_id": values["source_row_id"],
        "patient_id": values["patient_id"],
        "encounter_id": values["encounter_id"],
        "note_type": values["note_type"],
        "note_date": note_date,
        "text": text,
        "codes": codes,
        "sections": [s._asdict() for s in segment(text)],
        "content_hash": content_hash(text),
    }
