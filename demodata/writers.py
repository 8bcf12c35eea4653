"""Streaming writers of the demo export (contracts.md section 1).

Each patient is written as soon as it is generated: JSONL/CSV/gold line by line, Parquet in
row groups of ``row_group_rows`` notes, FHIR entry by entry. Every file goes to a temporary
sibling first and is renamed only when the whole export succeeded (chartforge.atomic), so
an interrupted run leaves the previous export or nothing, never half a file.
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from chartforge.atomic import atomic_path
from chartforge.contracts import files
from chartforge.contracts.schemas import EXPORT
from demodata.generator import SOURCE, PatientRecord

FORMATS = ("jsonl", "csv", "parquet", "fhir")
FLAT_FIELDS = ("row_id", "source", "patient_id", "encounter_id", "note_type", "note_date", "text", "codes")
PARQUET_SCHEMA = EXPORT  # docs/contracts.md §1


@dataclass
class ExportStats:
    patients: int = 0
    encounters: int = 0
    coded_encounters: int = 0
    notes: int = 0
    characters: int = 0
    note_types: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    casing: Counter = field(default_factory=Counter)

    def add(self, record: PatientRecord) -> None:
        self.patients += 1
        for encounter in record.encounters:
            self.encounters += 1
            self.coded_encounters += bool(encounter.icd or encounter.cpt)
            for note in encounter.notes:
                self.notes += 1
                self.characters += len(note.text)
                self.note_types[note.note_type] += 1
                self.casing[note.casing] += 1
                self.labels.update(label for _, _, label in note.spans)


def flat_rows(record: PatientRecord):
    for encounter in record.encounters:
        for note in encounter.notes:
            yield {"row_id": note.row_id, "source": SOURCE, "patient_id": record.patient.patient_id,
                   "encounter_id": encounter.encounter_id, "note_type": note.note_type,
                   "note_date": note.note_date, "text": note.text, "codes": encounter.codes}


def gold_lines(record: PatientRecord):
    for encounter in record.encounters:
        for note in encounter.notes:
            yield {"id": note.note_id, "patient_id": record.patient.patient_id, "text": note.text,
                   "note_type": note.note_type,
                   "spans": [{"start": s, "end": e, "label": label} for s, e, label in sorted(note.spans)]}


class ExportWriter:
    """Context manager: ``add(record)`` per patient; files appear on a clean exit only."""

    def __init__(self, out: Path, formats: tuple[str, ...], seed: int, row_group_rows: int = 2000):
        self.out, self.formats, self.seed, self.row_group_rows = out, formats, seed, row_group_rows
        self.stats = ExportStats()
        self.phi_values: dict[str, set[str]] = {}
        self._stack = contextlib.ExitStack()
        self._parquet_rows: list[dict] = []

    def _open(self, relative: str, newline: str | None = None):
        tmp = self._stack.enter_context(atomic_path(self.out / relative))
        return self._stack.enter_context(open(tmp, "w", encoding="utf-8", newline=newline))

    def __enter__(self) -> "ExportWriter":
        self._stack.__enter__()
        self.gold = self._open(f"gold/{files.GOLD}")
        self.jsonl = self._open(files.EXPORT_JSONL) if "jsonl" in self.formats else None
        self.csv = None
        if "csv" in self.formats:
            # RFC 4180: CRLF between records, fields with newlines or quotes quoted.
            self.csv = csv.DictWriter(self._open("export.csv", newline=""), fieldnames=FLAT_FIELDS,
                                      lineterminator="\r\n")
            self.csv.writeheader()
        self.parquet = None
        if "parquet" in self.formats:
            tmp = self._stack.enter_context(atomic_path(self.out / files.EXPORT_PARQUET))
            self.parquet = self._stack.enter_context(pq.ParquetWriter(tmp, PARQUET_SCHEMA, compression="zstd"))
        self.fhir = None
        if "fhir" in self.formats:
            from demodata.fhir import FhirWriter

            self.fhir = FhirWriter(self._open("fhir/bundle.json"), self._open("fhir/documentreference.ndjson"),
                                   self._open("fhir/composition.json"), self.seed)
        return self

    def add(self, record: PatientRecord) -> None:
        self.stats.add(record)
        for row in flat_rows(record):
            if self.jsonl:
                self.jsonl.write(json.dumps({**row, "note_date": row["note_date"].isoformat()},
                                            ensure_ascii=False) + "\n")
            if self.csv:
                self.csv.writerow({**row, "note_date": row["note_date"].isoformat(), "codes": "|".join(row["codes"])})
            if self.parquet:
                self._parquet_rows.append(row)
        if self.parquet and len(self._parquet_rows) >= self.row_group_rows:
            self._flush_parquet()
        for line in gold_lines(record):
            self.gold.write(json.dumps(line, ensure_ascii=False) + "\n")
            for span in line["spans"]:
                self.phi_values.setdefault(span["label"], set()).add(line["text"][span["start"]:span["end"]])
        if self.fhir:
            self.fhir.add(record)

    def _flush_parquet(self) -> None:
        if self._parquet_rows:
            self.parquet.write_table(pa.Table.from_pylist(self._parquet_rows, schema=PARQUET_SCHEMA))
            self._parquet_rows = []

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            if self.parquet:
                self._flush_parquet()
            if self.fhir:
                self.fhir.close()
            phi_tmp = self._stack.enter_context(atomic_path(self.out / "gold" / files.PHI_VALUES))
            with open(phi_tmp, "w", encoding="utf-8") as handle:
                json.dump({label: sorted(values) for label, values in sorted(self.phi_values.items())},
                          handle, ensure_ascii=False, indent=0)
                handle.write("\n")
        return self._stack.__exit__(exc_type, exc, tb)
