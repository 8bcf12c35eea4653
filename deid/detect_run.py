"""``deid detect`` as a plain function: JSONL notes in, JSONL spans out, same order, one
output line per input line, optionally over worker processes.

Workers are processes (spaCy holds the GIL); each builds one PhiDetector in its
initializer and keeps it for every chunk it receives. A failure inside detection flags
that chunk's records (E206, with the exception type only: a message could quote the note)
instead of losing the batch.
"""

from __future__ import annotations

import multiprocessing
import sys
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from chartforge.atomic import atomic_open
from chartforge.errors import ChartforgeError
from deid.notes_io import InputRecord, count_lines, output_record, read_records

CHUNK_RECORDS = 64  # records sent to a worker at a time
DEFAULT_DETECTOR = "deid.detect:PhiDetector"

_worker_detector = None


@dataclass
class DetectSummary:
    records: int = 0
    flagged: int = 0
    spans: int = 0
    characters: int = 0
    per_label: dict = field(default_factory=dict)


def load_detector(dotted: str, config_data):
    """Build the detector class named ``module:Class`` (any class with ``detect_batch``)."""
    import importlib

    module_name, attribute = dotted.split(":")
    return getattr(importlib.import_module(module_name), attribute)(config_data)


def _init_worker(dotted: str, config_data) -> None:
    global _worker_detector
    from chartforge.offline import configure_offline_environment

    configure_offline_environment()
    _worker_detector = load_detector(dotted, config_data)


def _detect_chunk(args) -> list[dict]:
    records, file_name, batch_size = args
    return detect_records(_worker_detector, records, file_name, batch_size)


def detect_records(detector, records: list[InputRecord], file_name: str, batch_size: int | None = None) -> list[dict]:
    good = [r for r in records if r.error is None]
    try:
        found = detector.detect_batch([r.text for r in good], batch_size=batch_size)
    except Exception as exc:  # noqa: BLE001 - flag the chunk, never lose it; the type only (no note text)
        found = None
        failure = type(exc).__name__
    by_line = {}
    for index, record in enumerate(good):
        if found is None:
            record.error = str(ChartforgeError.make("E206", row=record.line, file=file_name, kind=failure))
            by_line[record.line] = []
        else:
            by_line[record.line] = found[index]
    return [output_record(r, by_line.get(r.line, [])) for r in records]


def _chunks(records: Iterable[InputRecord], size: int) -> Iterator[list[InputRecord]]:
    iterator = iter(records)
    while chunk := list(islice(iterator, size)):
        yield chunk


def run_detect(input_path: str | Path, output_path: str | Path, workers: int = 1, config=None,
               batch_size: int | None = None, progress: Callable | None = None,
               on_error: Callable[[str], None] | None = None,
               detector: str = DEFAULT_DETECTOR) -> DetectSummary:
    """Detect PHI in every line of ``input_path``; write ``output_path`` atomically.
    ``detector`` names the detector class (the verification detector has the same API)."""
    from deid.settings import deid_settings

    settings = deid_settings(config)
    input_path, file_name = Path(input_path), Path(input_path).name
    total = count_lines(input_path)
    summary = DetectSummary()
    bar = progress(total) if progress else None
    chunks = _chunks(read_records(input_path), CHUNK_RECORDS)
    pool = None
    try:
        if workers > 1:
            context = multiprocessing.get_context("spawn")
            pool = context.Pool(workers, initializer=_init_worker, initargs=(detector, settings))
            results = pool.imap(_detect_chunk, ((chunk, file_name, batch_size) for chunk in chunks))
        else:
            instance = load_detector(detector, settings)
            results = (detect_records(instance, chunk, file_name, batch_size) for chunk in chunks)
        with atomic_open(output_path) as out:
            import json

            for chunk_output in results:
                for record in chunk_output:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    _account(summary, record, on_error)
                if bar is not None:
                    bar.update(len(chunk_output))
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        if bar is not None:
            bar.close()
    return summary


def _account(summary: DetectSummary, record: dict, on_error) -> None:
    summary.records += 1
    if "error" in record:
        summary.flagged += 1
        if on_error:
            on_error(record["error"])
    summary.spans += len(record["spans"])
    for span in record["spans"]:
        summary.per_label[span["label"]] = summary.per_label.get(span["label"], 0) + 1


def stderr_error(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)
