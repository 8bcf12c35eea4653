"""Central error catalogue (after spaCy's ``Errors``): every user-facing error has a code.

Messages name files, rows and fields, never the content of a note: an error message
ends up in logs, Prefect task states and terminals, which are outside the protected
work area. Format them with :meth:`ChartforgeError.make` and keyword arguments.
"""

from __future__ import annotations


class Errors:
    # E0xx: configuration and CLI
    E001 = "Configuration file {path} is not valid TOML: {reason}"
    E002 = "Unknown configuration key '{key}' (from {origin}); known sections: {known}"
    E003 = "Environment override {var} has a value that is not valid for {key}: {reason}"
    E004 = "Input path {path} does not exist"
    E005 = "[{section}] task_runner = '{value}': expected 'threads' or 'dask'{reason}"
    # E1xx: ingestion
    E101 = "{file} row {row}: missing required field '{field}'"
    E102 = "{file} row {row}: attachment is not valid base64"
    E103 = "{file} row {row}: note text is empty after normalization"
    E104 = "{file} row {row}: unparseable date in field '{field}'"
    E105 = "{file} row {row}: file is truncated or malformed from here on ({reason})"
    E106 = "{file}: binary or undecodable file ({reason})"
    E107 = "{file}: unsupported export format (expected .csv, .jsonl/.ndjson, .parquet or FHIR .json)"
    E108 = "{file} row {row}: {reason}"
    E109 = "{file} row {row}: note id {note_id} was already ingested with different text (source row id reused)"
    E110 = "{file}: file cannot be opened ({reason})"
    # E2xx: de-identification
    E201 = "line {row} of {file}: not a JSON object ({reason})"
    E202 = "line {row} of {file}: field '{field}' missing or of the wrong type"
    E203 = "Secret key file {path} is missing and could not be created ({reason})"
    E204 = "Secret key at {path} has permissions {mode}; it must be 0600"
    E205 = "line {row} of {file}: not valid UTF-8 (first bad byte at {position})"
    E206 = "line {row} of {file}: detection failed ({kind}); the record is flagged, not dropped"
    E207 = "{file}: not a readable span file ({reason})"
    E208 = "Unknown label map '{name}': give a YAML file or one of {known}"
    E209 = "Learned NER model {path}: {reason}"
    # E25x: the deid flow (batches, stages, resume)
    E250 = "note {note_id} ({file} row {row}) quarantined at stage {stage}: {reason}"
    E251 = "Stage {stage} failed with {kind} (message withheld: it may quote a note)"
    E252 = "Stage {stage} failed on purpose (CHARTFORGE_DEID_FAIL_AT test hook)"
    E253 = "{path} is neither an EHR export file nor an ingest directory with notes.parquet"
    E254 = "Gold file {file} line {row}: {reason}"
    # E3xx: review and gate
    E301 = "Batch {batch} has not passed the residual-PHI gate (status: {status})"
    E302 = "Unknown reviewer '{user}' or wrong password"
    E303 = "{batch} is not a de-identified batch (no notes.parquet)"
    E304 = "{file}: flag for note {note_id}, which is not in the batch's notes.parquet"
    E305 = "Batch {batch} has no review round; run `chartforge review sample` first"
    E306 = "Review store {path}: {reason}"
    E307 = "User '{user}': {reason}"
    # E4xx: codebooks and retrieval
    E401 = "{file} row {row}: {reason}"
    E402 = "Unknown code '{code}' in codebook {version}"
    # E5xx: synthetic branch
    E501 = "Seed code list {file} line {row}: '{value}' is not a valid ICD-10-CM code"
    E502 = "LLM generation backend: {reason}"
    E503 = "{path} is not a synthetic run directory (no manifest.json / notes.parquet)"
    E504 = "Evaluation data {path} is missing ({reason})"
    E505 = "Synthetic run settings: {reason}"
    E506 = "Phrase bank {file}: {reason}"
    # E6xx: corpus
    E601 = "Dataset {name}/{version} failed verification: {reason}"
    E602 = "Dataset {name} has no version {version}"
    E603 = "{path}: required file {file} is missing or unreadable ({reason})"
    E604 = "{file} row {row}: field '{field}' missing or of the wrong type"
    E605 = "Record {record} appears in both {first} and {second}"
    E606 = "{file} line {row}: {reason}"
    E607 = "Configuration corpus.{key} = {value!r} is invalid: {reason}"
    E608 = "Dataset name {name!r} is invalid: use letters, digits, '.', '_' or '-'"
    E609 = "No baseline labeller is available: {reason}"
    E610 = "Version reference {ref!r} is ambiguous or unknown: {reason}"
    E611 = "Real coded notes {path}: {reason}"


class ChartforgeError(Exception):
    """An error meant for the user; ``code`` is the catalogue key (``E101`` …)."""

    def __init__(self, code: str, message: str):
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message

    def __reduce__(self):
        # Pickle-able (Prefect stores a failed run's exception, process pools send it back).
        return type(self), (self.code, self.message)

    @classmethod
    def make(cls, code: str, **fields) -> "ChartforgeError":
        return cls(code, getattr(Errors, code).format(**fields))
