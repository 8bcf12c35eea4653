"""Export readers, one module per format, behind a registry keyed by the detected format.

A reader is ``read(path, ctx) -> Iterator[RawRecord]``: it streams records (never the
whole file), numbers them, and yields failures as records with ``error`` set.
"""

from __future__ import annotations

from typing import Callable, Iterator

from ingest import formats
from ingest.readers import csv_reader, fhir_bundle_reader, fhir_ndjson_reader, jsonl_reader, parquet_reader

Reader = Callable[..., Iterator]

READERS: dict[str, Reader] = {
    formats.CSV: csv_reader.read,
    formats.JSONL: jsonl_reader.read,
    formats.PARQUET: parquet_reader.read,
    formats.FHIR_BUNDLE: fhir_bundle_reader.read,
    formats.FHIR_NDJSON: fhir_ndjson_reader.read,
}
