"""Ingestion: EHR export readers (CSV, JSONL, Parquet, FHIR R4), normalization, dedupe, sections, quarantine."""
