"""The deid stages as plain functions on files in the batch's work dir.

flows/deid.py only orchestrates these; tests call them directly. Each stage reads and writes
files by path, records its counts in a stage marker (chartforge.stage_markers) and returns that
marker: counts per label, never note text. A note that a stage cannot process is set aside
in that stage's quarantine file with a reason (the exception's type, never its message,
which might quote the note), so counts reconcile: ingested = published + quarantined.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import random
import shutil
import threading
from collections import Counter
from pathlib import Path

from chartforge.atomic import write_json
from chartforge.errors import ChartforgeError
from chartforge.ids import content_hash
from chartforge.contracts import files as contract_files
from chartforge.contracts.files import NOTES as NOTES_FILE
from deid.batch_plan import batch_key, deid_settings, load_plan, plan_config
from deid.settings import recognizer_options
from deid.batch_schema import (CHUNK, DEID_NOTES, FLAGS, QUARANTINE, SPANS, count_rows, iter_rows, read_rows,
                               write_rows)
from deid.spans import Span
from deid.stage_markers import run_stage
from deid.surrogates.context import SurrogateContext
from deid.surrogates.dates import shift_date
from deid.surrogates.identifiers import build_mrn_map, normalize_id
from deid.surrogates.keys import derive, pseudonym
from deid.surrogates.replace import deidentify_text, offset_mapper
from deid.verification_filter import residual_hits
from deid.workarea import protected_dir

INGEST_DIR = "ingest"
CHUNKS_DIR = "chunks"
MRN_MAP = contract_files.MRN_MAP
INGEST_FILES = (NOTES_FILE, contract_files.QUARANTINE, contract_files.DUPLICATES, contract_files.INGEST_SUMMARY)

_models: dict = {}
_models_lock = threading.Lock()


def _detector(kind: str, config):
    """One detector per process and [deid] settings (the batch plan's): loading spaCy/Presidio
    costs seconds, chunk threads share it."""
    cache_key = (kind, json.dumps([deid_settings(config), recognizer_options(config)], sort_keys=True, default=str))
    with _models_lock:
        if cache_key not in _models:
            if kind == "phi":
                from deid.detect import PhiDetector
                _models[cache_key] = PhiDetector(config)
            else:
                from deid.verify import VerificationDetector
                _models[cache_key] = VerificationDetector(config)
            _freeze_loaded_objects()
        return _models[cache_key]


def _freeze_loaded_objects() -> None:
    """Leave the loaded models and word lists (~150k objects) out of every later garbage
    collection: they live as long as the process, and each full collection walked them all
    (0.27 of 20.9 CPU-s detecting 200 demo notes; 0.04 frozen). Only cycle collection's
    schedule changes, never a result."""
    gc.collect()
    gc.freeze()


def chunk_dir(work: Path, chunk: int) -> Path:
    return work / CHUNKS_DIR / f"{chunk:05d}"


def chunk_count(work: Path) -> int:
    return json.loads((work / CHUNKS_DIR / contract_files.CHUNK_INDEX).read_text(encoding="utf-8"))["chunks"]


def _quarantine_row(stage: str, note: dict, reason: str) -> dict:
    return {"stage": stage, "file": NOTES_FILE, "row": note.get("row"),
            "source_row_id": note.get("source_row_id"), "note_id": note.get("note_id"),
            "error_code": "E250", "reason": reason}


# ---------------------------------------------------------------- ingest
def ingest_stage(work: Path) -> dict:
    """Sources -> work/ingest/{notes,quarantine,duplicates}.parquet + ingest_summary.json."""
    plan = load_plan(work)
    sources = [Path(s) for s in plan.sources]
    out = work / INGEST_DIR

    def body() -> dict:
        ingest_dirs = [s for s in sources if s.is_dir() and (s / NOTES_FILE).is_file()]
        if ingest_dirs:
            if len(sources) != 1:
                raise ChartforgeError.make("E253", path=ingest_dirs[0])
            _copy_ingest_dir(ingest_dirs[0], out)
        else:
            _ingest_exports(sources, out, plan_config(work))
        return _ingest_counts(out)

    def outputs() -> list[Path]:
        return [out / name for name in INGEST_FILES if (out / name).is_file()]

    files = [p for s in sources for p in (sorted(s.rglob("*")) if s.is_dir() else [s]) if p.is_file()]
    return run_stage(work, "ingest", files, outputs, body)


def _copy_ingest_dir(source: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    for name in INGEST_FILES:
        if (source / name).is_file():
            tmp = out / f".{name}.tmp"
            shutil.copyfile(source / name, tmp)
            tmp.chmod(0o600)
            tmp.replace(out / name)


def _ingest_exports(sources: list[Path], out: Path, config) -> None:
    from ingest.pipeline import ingest  # the ingest package's entry point

    ingest(sources, out, config=config)
    for path in out.iterdir():
        path.chmod(0o600)


def _ingest_counts(out: Path) -> dict:
    summary_path = out / contract_files.INGEST_SUMMARY
    written = count_rows(out / NOTES_FILE)
    quarantined = count_rows(out / contract_files.QUARANTINE)
    duplicates = count_rows(out / contract_files.DUPLICATES)
    total = {}
    if summary_path.is_file():
        total = json.loads(summary_path.read_text(encoding="utf-8")).get("total", {})
    return {"read": total.get("read", written + quarantined + duplicates), "written": written,
            "duplicates": duplicates, "quarantined": quarantined}


# ---------------------------------------------------------------- chunk
def _invalid_reason(note: dict) -> str | None:
    for field in ("note_id", "patient_id", "text"):
        if not isinstance(note.get(field), str) or not note[field]:
            return f"field '{field}' missing or empty"
    return None


def chunk_stage(work: Path, chunk_notes: int) -> dict:
    """Split the ingested notes into chunks (the unit of .map); invalid notes to quarantine.
    Streams: one chunk of notes in memory at a time, whatever the size of the export."""
    notes_path = work / INGEST_DIR / NOTES_FILE
    written: list[Path] = []

    def body() -> dict:
        shutil.rmtree(work / CHUNKS_DIR, ignore_errors=True)  # a half-written earlier attempt
        protected_dir(work / CHUNKS_DIR)
        quarantine, part, count, notes = [], [], 0, 0

        def flush() -> None:
            nonlocal part, count
            protected_dir(chunk_dir(work, count))
            written.append(write_rows(chunk_dir(work, count) / NOTES_FILE, part, CHUNK))
            part, count = [], count + 1

        for index, note in enumerate(iter_rows(notes_path)):
            note["row"] = index
            reason = _invalid_reason(note)
            if reason:
                quarantine.append(_quarantine_row("chunk", note, reason))
                continue
            part.append(note)
            notes += 1
            if len(part) == chunk_notes:
                flush()
        if part or count == 0:  # no valid note at all: one empty chunk keeps the stages uniform
            flush()
        written.append(write_rows(work / CHUNKS_DIR / contract_files.QUARANTINE, quarantine, QUARANTINE))
        write_json(work / CHUNKS_DIR / contract_files.CHUNK_INDEX, {"chunks": count}, file_mode=0o600)
        written.append(work / CHUNKS_DIR / contract_files.CHUNK_INDEX)
        return {"notes": notes, "chunks": count, "quarantined": len(quarantine)}

    return run_stage(work, "chunk", [notes_path], lambda: written, body, extra=str(chunk_notes))


# ---------------------------------------------------------------- detect
def _spans_from_rows(row: dict) -> list[Span]:
    return [Span(s["start"], s["end"], s["label"], s["score"], s["source"]) for s in row["spans"]]


def _detect_isolating_failures(detector, notes: list[dict]) -> tuple[list[list[Span] | None], list[str]]:
    """Detect on the whole chunk; if it fails, note by note to find the record at fault."""
    texts = [n["text"] for n in notes]
    try:
        return list(detector.detect_batch(texts)), [""] * len(notes)
    except Exception:  # noqa: BLE001 - isolate which record breaks the detector
        results, reasons = [], []
        for text in texts:
            try:
                results.append(list(detector.detect_batch([text])[0]))
                reasons.append("")
            except Exception as exc:  # noqa: BLE001
                results.append(None)
                reasons.append(f"detector raised {type(exc).__name__}")
        return results, reasons


def detect_stage(work: Path, chunk: int, detector=None) -> dict:
    """NER de-ID + regex scrub (deid.detect.PhiDetector runs both) -> spans.parquet."""
    folder = chunk_dir(work, chunk)

    def body() -> dict:
        notes = read_rows(folder / NOTES_FILE)
        results, reasons = _detect_isolating_failures(detector or _detector("phi", plan_config(work)), notes)
        rows, quarantine, labels = [], [], Counter()
        for note, spans, reason in zip(notes, results, reasons):
            if spans is None:
                quarantine.append(_quarantine_row("detect", note, reason))
                continue
            rows.append({"note_id": note["note_id"], "spans": [s.to_json() for s in spans]})
            labels.update(s.label for s in spans)
        write_rows(folder / contract_files.SPANS, rows, SPANS)
        write_rows(folder / contract_files.DETECT_QUARANTINE, quarantine, QUARANTINE)
        return {"notes": len(rows), "spans": sum(labels.values()), "by_label": dict(labels),
                "quarantined": len(quarantine)}

    return run_stage(work, f"detect-{chunk:05d}", [folder / NOTES_FILE],
                     lambda: [folder / contract_files.SPANS, folder / contract_files.DETECT_QUARANTINE], body)


# ---------------------------------------------------------------- MRN map (batch-wide)
def mrn_order(values, key: bytes) -> list[str]:
    """MRN texts in keyed-digest order: depends on the set of MRNs, not on note order, and the
    sequence reveals nothing about the real numbers' order. Ties (one MRN written two ways,
    "ab-123" and "AB123") break on the text: a set's iteration order changes with
    PYTHONHASHSEED, and every process (a Dask worker, a rerun) must build the same map."""
    return sorted((v for v in values if normalize_id(v)), key=lambda v: (derive(key, "mrn-order", normalize_id(v)), v))


def mrn_map_stage(work: Path) -> dict:
    """Every detected MRN of the batch -> a sequential synthetic MRN, before any rewrite."""
    count = chunk_count(work)
    inputs = [chunk_dir(work, c) / name for c in range(count) for name in (NOTES_FILE, contract_files.SPANS)]

    def body() -> dict:
        key = batch_key(plan_config(work))
        values = set()
        for chunk in range(count):
            texts = {n["note_id"]: n["text"] for n in read_rows(chunk_dir(work, chunk) / NOTES_FILE)}
            for row in read_rows(chunk_dir(work, chunk) / contract_files.SPANS):
                text = texts[row["note_id"]]
                values.update(text[s["start"]:s["end"]].strip() for s in row["spans"] if s["label"] == "MRN")
        mapping = build_mrn_map(mrn_order(values, key), random.Random(int.from_bytes(derive(key, "mrn-letters"), "big")))
        write_json(work / MRN_MAP, mapping, file_mode=0o600)
        return {"mrns": len(mapping)}

    return run_stage(work, "mrn-map", inputs, lambda: [work / MRN_MAP], body)


# ---------------------------------------------------------------- surrogates
def _rewrite_note(note: dict, spans: list[Span], ctx: SurrogateContext, mode: str, key: bytes) -> dict:
    text, inserted = deidentify_text(note["text"], spans, ctx, mode)
    mapped = offset_mapper(inserted)
    note_date = note.get("note_date")
    return {
        **{k: note.get(k) for k in ("note_id", "source", "note_type", "codes")},
        # Row and encounter ids are EHR identifiers too: pseudonyms, keyed like the patient's.
        "source_row_id": pseudonym(key, "row", note["source_row_id"], "R") if note.get("source_row_id") else None,
        "patient_id": pseudonym(key, "patient", note["patient_id"], "P"),
        "encounter_id": pseudonym(key, "encounter", note["encounter_id"], "E") if note.get("encounter_id") else None,
        "note_date": shift_date(note_date, ctx) if isinstance(note_date, dt.date) else None,
        "text": text,
        "sections": [{"name": s["name"], "start": mapped(s["start"]), "end": mapped(s["end"])}
                     for s in note.get("sections") or []],
        "content_hash": content_hash(text),
        "surrogates": [{"start": i.start, "end": i.end, "label": i.label} for i in inserted],
    }


def surrogate_stage(work: Path, chunk: int) -> dict:
    """Replace every detected span (surrogate or mask mode) -> deid.parquet."""
    folder = chunk_dir(work, chunk)
    inputs = [folder / NOTES_FILE, folder / contract_files.SPANS, work / MRN_MAP]

    def body() -> dict:
        plan, config = load_plan(work), plan_config(work)
        key, settings = batch_key(config), deid_settings(config)["surrogates"]
        shift = (settings["date_shift_min_days"], settings["date_shift_max_days"])
        mrn_map = json.loads((work / MRN_MAP).read_text(encoding="utf-8"))
        spans = {row["note_id"]: _spans_from_rows(row) for row in read_rows(folder / contract_files.SPANS)}
        rows, quarantine, labels = [], [], Counter()
        for note in read_rows(folder / NOTES_FILE):
            if note["note_id"] not in spans:  # quarantined by detect
                continue
            ctx = SurrogateContext(key=key, patient_id=note["patient_id"], date_shift=shift,
                                   mrn_map=mrn_map, reference_date=note.get("note_date"))
            try:
                rows.append(_rewrite_note(note, spans[note["note_id"]], ctx, plan.mode, key))
            except Exception as exc:  # noqa: BLE001 - one bad record must not sink the batch
                quarantine.append(_quarantine_row("surrogate", note, f"surrogate raised {type(exc).__name__}"))
                continue
            labels.update(s["label"] for s in rows[-1]["surrogates"])
        write_rows(folder / contract_files.DEID_NOTES, rows, DEID_NOTES)
        write_rows(folder / contract_files.SURROGATE_QUARANTINE, quarantine, QUARANTINE)
        return {"notes": len(rows), "replaced": sum(labels.values()), "by_label": dict(labels),
                "quarantined": len(quarantine)}

    return run_stage(work, f"surrogate-{chunk:05d}", inputs,
                     lambda: [folder / contract_files.DEID_NOTES, folder / contract_files.SURROGATE_QUARANTINE], body)


# ---------------------------------------------------------------- verification
def verify_stage(work: Path, chunk: int, verifier=None) -> dict:
    """A second, different detector on the de-identified text; hits off our surrogates -> flags."""
    folder = chunk_dir(work, chunk)

    def body() -> dict:
        notes = read_rows(folder / contract_files.DEID_NOTES)
        hits = (verifier or _detector("verify", plan_config(work))).detect_batch([n["text"] for n in notes])
        flags, labels, total = [], Counter(), 0
        for note, note_hits in zip(notes, hits):
            total += len(note_hits)
            for hit in residual_hits(note["text"], note_hits, note["surrogates"]):
                flags.append({"note_id": note["note_id"], **hit.to_json()})
                labels[hit.label] += 1
        write_rows(folder / contract_files.FLAGS, flags, FLAGS)
        return {"notes": len(notes), "hits": total, "flags": len(flags),
                "on_surrogates": total - len(flags), "flags_by_label": dict(labels),
                "flagged_notes": len({f["note_id"] for f in flags})}

    return run_stage(work, f"verify-{chunk:05d}", [folder / contract_files.DEID_NOTES],
                     lambda: [folder / contract_files.FLAGS], body)
