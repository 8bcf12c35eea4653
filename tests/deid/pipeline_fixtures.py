"""A tiny hand-made ingest directory with known PHI, and detectors that find exactly it.

The pipeline tests exercise the stage functions without models: the "detectors" here return
spans constructed by hand from the PHI list below (the real detectors are tested by the
detection tests and by the flow test on the demo export).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from deid.batch_schema import NOTE_FIELDS
from deid.spans import Span

PHI = {"John Smith": "NAME", "Smith": "NAME", "03/04/2021": "DATE", "04/08/2021": "DATE",
       "00482913": "MRN", "Mary Jones": "NAME", "617-555-0123": "PHONE", "Dayton": "LOCATION",
       "Jan 3rd": "DATE"}

NOTES = [
    ("n1", "pA", dt.date(2021, 3, 4), "John Smith seen 03/04/2021. MRN 00482913. Call 617-555-0123."),
    ("n2", "pA", dt.date(2021, 4, 8), "Follow-up 04/08/2021: Mr. Smith improving, lives in Dayton."),
    ("n3", "pB", dt.date(2021, 1, 3), "Mary Jones admitted Jan 3rd. MRN 00482913 recheck."),
    ("n4", "", dt.date(2021, 1, 5), "Record without a patient: Smith 03/04/2021."),
]


def write_ingest_dir(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [{"note_id": nid, "source": "demo-ehr", "source_row_id": f"row-{nid}", "patient_id": pid,
             "encounter_id": f"enc-{nid}", "note_type": "progress" if nid != "n3" else "nursing",
             "note_date": date, "text": text, "codes": ["ICD10CM:E11.9"],
             "sections": [{"name": "body", "start": 0, "end": len(text)}],
             "content_hash": hashlib.sha256(text.encode()).hexdigest()} for nid, pid, date, text in NOTES]
    pq.write_table(pa.Table.from_pylist(rows, schema=pa.schema(NOTE_FIELDS)), folder / "notes.parquet")
    return folder


class ListDetector:
    """Finds every occurrence of the hand-listed PHI strings (longest first)."""

    def detect_batch(self, texts):
        out = []
        for text in texts:
            taken, spans = set(), []
            for value in sorted(PHI, key=len, reverse=True):
                for m in re.finditer(re.escape(value), text):
                    if not taken & set(range(m.start(), m.end())):
                        spans.append(Span(m.start(), m.end(), PHI[value], 1.0, "test"))
                        taken |= set(range(m.start(), m.end()))
            out.append(sorted(spans))
        return out


class CapitalizedWordVerifier:
    """Flags every capitalised word after "Mr." / "seen by": hits on our fake names and on residue."""

    def detect_batch(self, texts):
        return [[Span(m.start(1), m.end(1), "NAME", 0.5, "verify-test")
                 for m in re.finditer(r"(?:Mr\.|by) ([A-Z][a-z]+)", text)] for text in texts]
