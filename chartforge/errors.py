"""Central error catalogue (after spaCy's ``Errors``): every user-facing error has a code.

Messages name files, rows and fields, never the content of a note: an error message
ends up in logs, Prefect task states and terminals, which are outside the protected
work area. Format them with :meth:`ChartforgeError.make` and keyword arguments.
"""

from __future__ import annotations

# Exit classes (every CLI; chartforge/cli/common.py maps an error to its class):
# 0 success; 1 the job ran but its check failed; 2 usage or configuration; 3 input.
EXIT_OK, EXIT_CHECK, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3


class Message(str):
    """A catalogue message that knows its exit class (a str, so ``.format`` works as before)."""

    exit_code: int

    def __new__(cls, text: str, exit_code: int):
        message = super().__new__(cls, text)
        message.exit_code = exit_code
        return message


def usage(text: str) -> Message:
    return Message(text, EXIT_USAGE)


def input_(text: str) -> Message:
    return Message(text, EXIT_INPUT)


def check(text: str) -> Message:
    return Message(text, EXIT_CHECK)


class Errors:
    # E0xx: configuration and CLI
    E001 = usage("Configuration file {path} is not valid TOML: {reason}")
    E002 = usage("Unknown configuration key '{key}' (from {origin}); known sections: {known}")
    E003 = usage("Environment override {var} has a value that is not valid for {key}: {reason}")
    E004 = input_("Input path {path} does not exist")
    E005 = usage("[{section}] task_runner = '{value}': expected 'threads' or 'dask'{reason}")
    E006 = usage("Configuration {key} = {value!r} is invalid: {reason}")
    # E1xx: ingestion
    E101 = input_("{file} row {row}: missing required field '{field}'")
    E102 = input_("{file} row {row}: attachment is not valid base64")
    E103 = input_("{file} row {row}: note text is empty after normalization")
    E104 = input_("{file} row {row}: unparseable date in field '{field}'")
    E105 = input_("{file} row {row}: file is truncated or malformed from here on ({reason})")
    E106 = input_("{file}: binary or undecodable file ({reason})")
    E107 = input_("{file}: unsupported export format (expected .csv, .jsonl/.ndjson, .parquet or FHIR .json)")
    E108 = input_("{file} row {row}: {reason}")
    E109 = input_("{file} row {row}: note id {note_id} was already ingested with different text (source row id reused)")
    E110 = input_("{file}: file cannot be opened ({reason})")
    # E2xx: de-identification
    E201 = input_("line {row} of {file}: not a JSON object ({reason})")
    E202 = input_("line {row} of {file}: field '{field}' missing or of the wrong type")
    E203 = usage("Secret key file {path} is missing and could not be created ({reason})")
    E204 = usage("Secret key at {path} has permissions {mode}; it must be 0600")
    E205 = input_("line {row} of {file}: not valid UTF-8 (first bad byte at {position})")
    E206 = input_("line {row} of {file}: detection failed ({kind}); the record is flagged, not dropped")
    E207 = input_("{file}: not a readable span file ({reason})")
    E208 = usage("Unknown label map '{name}': give a YAML file or one of {known}")
    E209 = input_("Learned NER model {path}: {reason}")
    # E22x: the site lexicon (deid/site_lexicon.py): errors name lines and reasons, never its text
    E220 = input_("Site lexicon {path} {reason}")
    E221 = input_("Site lexicon {path}, entry at line {row}: {reason}{more}")
    E222 = usage("Site lexicon {path} has permissions {mode}; it must be 0600 (it holds PHI): chmod 600 it")
    E223 = usage("Site lexicon {path} would be tracked by the git work tree {repo}: it holds PHI; "
                 "keep it in the protected work area or git-ignore it")
    E224 = check("Site lexicon changed while batch {batch} was being de-identified: run `chartforge deid run` "
                 "again (a new batch with the new lexicon)")
    # E25x: the deid flow (batches, stages, resume)
    E250 = input_("note {note_id} ({file} row {row}) quarantined at stage {stage}: {reason}")
    E251 = check("Stage {stage} failed with {kind} (message withheld: it may quote a note)")
    E252 = check("Stage {stage} failed on purpose (CHARTFORGE_DEID_FAIL_AT test hook)")
    E253 = input_("{path} is neither an EHR export file nor an ingest directory with notes.parquet")
    E254 = input_("Gold file {file} line {row}: {reason}")
    # E3xx: review and gate
    E301 = check("Batch {batch} has not passed the residual-PHI gate (status: {status})")
    E302 = usage("Unknown reviewer '{user}' or wrong password")
    E303 = input_("{batch} is not a de-identified batch (no notes.parquet)")
    E304 = input_("{file}: flag for note {note_id}, which is not in the batch's notes.parquet")
    E305 = input_("Batch {batch} has no review round; run `chartforge review sample` first")
    E306 = input_("Review store {path}: {reason}")
    E307 = usage("User '{user}': {reason}")
    # E4xx: codebooks and retrieval
    E401 = input_("{file} row {row}: {reason}")
    E402 = input_("Unknown code '{code}' in codebook {version}")
    # E5xx: synthetic branch
    E501 = input_("Seed code list {file} line {row}: '{value}' is not a valid ICD-10-CM code")
    E502 = usage("LLM generation backend: {reason}")
    E503 = input_("{path} is not a synthetic run directory (no manifest.json / notes.parquet)")
    E504 = input_("Evaluation data {path} is missing ({reason})")
    E505 = usage("Synthetic run settings: {reason}")
    E506 = input_("Phrase bank {file}: {reason}")
    # E6xx: corpus
    E601 = check("Dataset {name}/{version} failed verification: {reason}")
    E602 = input_("Dataset {name} has no version {version}")
    E603 = input_("{path}: required file {file} is missing or unreadable ({reason})")
    E604 = input_("{file} row {row}: field '{field}' missing or of the wrong type")
    E605 = input_("Record {record} appears in both {first} and {second}")
    E606 = input_("{file} line {row}: {reason}")
    E607 = usage("Configuration corpus.{key} = {value!r} is invalid: {reason}")
    E608 = usage("Dataset name {name!r} is invalid: use letters, digits, '.', '_' or '-'")
    E609 = input_("No baseline labeller is available: {reason}")
    E610 = input_("Version reference {ref!r} is ambiguous or unknown: {reason}")
    E611 = input_("Real coded notes {path}: {reason}")


class ChartforgeError(Exception):
    """An error meant for the user; ``code`` is the catalogue key (``E101`` …)."""

    def __init__(self, code: str, message: str):
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message

    def __reduce__(self):
        # Pickle-able (Prefect stores a failed run's exception, process pools send it back).
        return type(self), (self.code, self.message)

    @property
    def exit_code(self) -> int:
        """The catalogue's exit class of this error (2 usage, 3 input, 1 check failed)."""
        message = getattr(Errors, self.code, None)
        return message.exit_code if isinstance(message, Message) else EXIT_INPUT

    @classmethod
    def make(cls, code: str, **fields) -> "ChartforgeError":
        return cls(code, getattr(Errors, code).format(**fields))
