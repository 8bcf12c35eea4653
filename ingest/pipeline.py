"""The ingest job as a plain function: sources -> notes / quarantine / duplicates / summary.

Records stream from the readers through normalization, validation and dedupe into Parquet
row groups, so memory is bounded by ``chunk_rows`` plus the dedupe digests. Every output is
written under a temporary name and renamed only when the whole run succeeded (summary last).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from chartforge.atomic import atomic_path
from chartforge.config import Config, default_config
from chartforge.errors import ChartforgeError
from chartforge.contracts import files as contract_files
from chartforge.contracts.files import NOTES as NOTES_FILE
from ingest import schema
from ingest.context import ReadContext
from ingest.dedupe import CONFLICT, DUPLICATE, Deduper
from ingest.formats import Detection, detect_format
from ingest.notes import NoteRules, build_note
from ingest.readers import READERS
from ingest.records import RawRecord
from ingest.summary import FileSummary, IngestSummary
from ingest.writer import ParquetSink

OUTPUTS = (NOTES_FILE, contract_files.QUARANTINE, contract_files.DUPLICATES, contract_files.INGEST_SUMMARY)


@dataclass
class Sinks:
    notes: ParquetSink
    quarantine: ParquetSink
    duplicates: ParquetSink


class _NoProgress:
    def advance(self, n: int) -> None:
        pass

    def start_file(self, path: Path) -> None:
        pass


def ingest(sources: list[Path], out: Path, *, config: Config | None = None, source_name: str | None = None,
           format_name: str | None = None, on_error: Callable[[str, ChartforgeError], None] = lambda f, e: None,
           progress=None) -> IngestSummary:
    """Ingest ``sources`` into ``out``; ``on_error(file, error)`` sees every quarantine error (for the terminal).

    ``config``: the entry point's configuration (``chartforge ingest``, the deid batch plan);
    None means the packaged defaults."""
    sources, out = [Path(p) for p in sources], Path(out)
    settings = (config if config is not None else default_config())["ingest"]
    rules = NoteRules(mapping=dict(settings["mapping"]), default_source=source_name or settings["default_source"],
                      date_formats=tuple(settings["date_formats"]), codes_separator=settings["codes_separator"])
    chunk_rows = int(settings["chunk_rows"])
    progress = progress or _NoProgress()
    summary = IngestSummary(default_source=rules.default_source,
                            outputs={name: str(out / name) for name in OUTPUTS})
    out.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        # Entered in reverse: the summary is renamed last, so its presence marks a complete run.
        tmp_summary, tmp_duplicates, tmp_quarantine, tmp_notes = (
            stack.enter_context(atomic_path(out / name)) for name in reversed(OUTPUTS))
        sinks = Sinks(ParquetSink(tmp_notes, schema.NOTES, chunk_rows),
                      ParquetSink(tmp_quarantine, schema.QUARANTINE, chunk_rows),
                      ParquetSink(tmp_duplicates, schema.DUPLICATES, chunk_rows))
        deduper = Deduper()
        for path in sources:
            ctx = ReadContext(mapping=rules.mapping, chunk_rows=chunk_rows, csv_encoding=settings["csv_encoding"],
                              encoding_tie_breakers=tuple(settings["encoding_tie_breakers"]),
                              on_bytes=progress.advance)
            progress.start_file(path)
            summary.files.append(_ingest_file(path, format_name, ctx, rules, deduper, sinks, on_error))
        for sink in (sinks.notes, sinks.quarantine, sinks.duplicates):
            sink.close()
        with open(tmp_summary, "w", encoding="utf-8") as handle:
            json.dump(summary.as_dict(), handle, indent=2, sort_keys=True, default=str)
            handle.write("\n")
    return summary


def _ingest_file(path: Path, format_name: str | None, ctx: ReadContext, rules: NoteRules, deduper: Deduper,
                 sinks: Sinks, on_error) -> FileSummary:
    try:
        detection = Detection(format_name) if format_name else detect_format(path)
    except OSError as exc:  # unreadable (permissions, a vanished network mount): skip the file, not the run
        detection = Detection(None, "E110", type(exc).__name__)
    counts = FileSummary(file=str(path), format=detection.format)

    def quarantine(error: ChartforgeError, row: int, row_id: str | None) -> None:
        counts.quarantined += 1
        counts.errors[error.code] += 1
        sinks.quarantine.append({"file": str(path), "row": row, "source_row_id": row_id,
                                 "error_code": error.code, "reason": str(error)})
        on_error(str(path), error)

    if detection.format is None:
        # The file as a whole is unusable: it counts as one record, quarantined at row 0.
        counts.read += 1
        quarantine(ChartforgeError.make(detection.error_code, file=path, row=0, reason=detection.reason), 0, None)
        return counts
    last_row = 0
    records = iter(READERS[detection.format](path, ctx))
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as exc:  # a reader bug or an I/O failure must not lose the rest of the run
            counts.read += 1
            # Only the exception type: a library's message may quote the record's content.
            quarantine(ChartforgeError.make("E105", file=path, row=last_row + 1,
                                            reason=f"reading stopped: {type(exc).__name__}"), last_row + 1, None)
            break
        counts.read += 1
        last_row = record.row
        _route(record, rules, deduper, sinks, counts, quarantine)
    notes = ctx.file_notes.get(str(path), {})
    counts.encoding = notes.get("encoding")
    counts.encoding_detected = bool(notes.get("encoding_detected"))
    return counts


def _route(record: RawRecord, rules: NoteRules, deduper: Deduper, sinks: Sinks, counts: FileSummary,
           quarantine) -> None:
    if record.error is not None:
        quarantine(record.error, record.row, record.source_row_id)
        return
    try:
        note = build_note(record, rules)
    except ChartforgeError as error:
        row_id = record.source_row_id or _raw_row_id(record, rules)
        quarantine(error, record.row, row_id)
        return
    verdict = deduper.check(note["note_id"], note["patient_id"], note["content_hash"])
    if verdict.status == CONFLICT:
        quarantine(ChartforgeError.make("E109", file=record.file, row=record.row, note_id=note["note_id"]),
                   record.row, note["source_row_id"])
    elif verdict.status == DUPLICATE:
        counts.duplicates += 1
        sinks.duplicates.append({"note_id": note["note_id"], "duplicate_of": verdict.duplicate_of,
                                 "content_hash": note["content_hash"], "file": record.file, "row": record.row})
    else:
        counts.written += 1
        sinks.notes.append(note)


def _raw_row_id(record: RawRecord, rules: NoteRules) -> str | None:
    key = "source_row_id" if record.canonical else rules.mapping.get("source_row_id", "source_row_id")
    value = record.fields.get(key)
    return None if value is None else str(value)
