"""Instruction records: one per note, from a de-identified batch row or a synthetic run row.

A record keeps its lineage (source, batch/run id, note id) and its split group (patient
pseudonym or generation group). Labels are validated against the codebook; a code that
cannot be kept is reported in ``dropped`` with a reason (never silently lost); a note left
with no label at all is reported in ``excluded`` and does not enter the corpus.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources

from corpus.codes import CodeLookup, normalize_cpt, normalize_icd
from chartforge.contracts.lines import evidence_number
from corpus.lines import number_lines, split_lines

# Evidence in synthetic runs indexes the run's `lines` list from 0 (a Python list index);
# records use 1-based line numbers, the numbers printed in `input`: evidence_number converts.
# Codes in a de-identified export were assigned by the hospital's coders.
EXPORT_CODE_CONFIDENCE = 1.0
# CPT is licensed: validity means "in the configured procedure catalog" (codebooks/).
INVALID_REASON = {"ICD10CM": "not a valid ICD-10-CM code", "CPT": "not in the procedure catalog"}


@functools.cache
def instruction_text() -> str:
    return resources.files("corpus").joinpath("instruction.txt").read_text(encoding="utf-8").strip()


@dataclass
class Record:
    id: str
    source: str  # "deid" | "synth"
    lineage_id: str  # de-ID batch id or synthetic run id
    note_id: str
    group_key: str  # split group: "patient:<pseudonym>" | "group:<generation group>"
    note_type: str | None
    lines: list[str]
    icd10cm: list[dict]
    cpt: list[dict]
    notes: list[str]
    split: str = ""

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def output(self) -> dict:
        return {"icd10cm": self.icd10cm, "cpt": self.cpt, "notes": self.notes}

    def output_json(self) -> str:
        return json.dumps(self.output(), ensure_ascii=False)

    def instruction_example(self) -> dict:
        return {"id": self.id, "source": self.source, "instruction": instruction_text(),
                "input": number_lines(self.lines), "output": self.output_json()}


@dataclass
class Outcome:
    """Records built from one input plus what was dropped or excluded, with reasons."""

    records: list[Record] = field(default_factory=list)
    dropped: list[dict] = field(default_factory=list)  # {"id", "code", "reason"}
    excluded: list[dict] = field(default_factory=list)  # {"id", "reason"}


def _label(code: str, description: str, confidence: float, evidence: list[int]) -> dict:
    return {"code": code, "description": description, "confidence": round(float(confidence), 4),
            "evidence": sorted(set(int(e) for e in evidence))}


def _apply_bundles(record_id: str, cpt: list[dict], lookup: CodeLookup, outcome: Outcome) -> tuple[list[dict], list[str]]:
    """Drop column-2 codes of NCCI edits (the gold output must follow its own note)."""
    bundles = lookup.bundles([label["code"] for label in cpt])
    bundled = {bundle.column2: bundle for bundle in bundles}
    for code, bundle in bundled.items():
        outcome.dropped.append({"id": record_id, "code": f"CPT:{code}",
                                "reason": f"NCCI: bundled into {bundle.column1}"})
    kept = [label for label in cpt if label["code"] not in bundled]
    return kept, [bundle.note() for bundle in bundles]


def deid_record(row: dict, batch_id: str, lookup: CodeLookup, outcome: Outcome) -> None:
    """One de-identified note: labels are the export's ``ICD10CM:``/``CPT:`` codes.

    The export does not say which line supports a code, so evidence is left empty
    (confidence 1.0: human coders assigned them); metrics on evidence skip such labels.
    """
    record_id = f"deid-{row['note_id']}"
    icd, cpt, seen = [], [], set()
    for raw in row.get("codes") or []:
        system, _, code = str(raw).partition(":")
        system = system.strip().upper()
        if system in ("ICD10CM", "ICD-10-CM"):
            system = "ICD10CM"
            code = normalize_icd(code)
            description = lookup.icd_description(code)
            target = icd
        elif system == "CPT":
            code = normalize_cpt(code)
            description = lookup.cpt_description(code)
            target = cpt
        else:
            outcome.dropped.append({"id": record_id, "code": str(raw), "reason": "unknown code system"})
            continue
        if description is None:
            outcome.dropped.append({"id": record_id, "code": f"{system}:{code}", "reason": INVALID_REASON[system]})
            continue
        if (system, code) in seen:
            continue
        seen.add((system, code))
        target.append(_label(code, description, EXPORT_CODE_CONFIDENCE, []))
    cpt, notes = _apply_bundles(record_id, cpt, lookup, outcome)
    if not icd and not cpt:
        outcome.excluded.append({"id": record_id, "reason": "no valid ICD-10-CM or CPT code"})
        return
    outcome.records.append(Record(
        id=record_id, source="deid", lineage_id=batch_id, note_id=str(row["note_id"]),
        group_key=f"patient:{row['patient_id']}", note_type=row.get("note_type"),
        lines=split_lines(row["text"]), icd10cm=icd, cpt=cpt, notes=notes))


def _synth_labels(record_id: str, labels, n_lines: int, describe, normalize, system: str,
                  outcome: Outcome) -> list[dict] | None:
    kept, seen = [], set()
    for label in labels or []:
        code = normalize(str(label["code"]))
        description = describe(code)
        if description is None:
            outcome.dropped.append({"id": record_id, "code": f"{system}:{code}", "reason": INVALID_REASON[system]})
            continue
        # a run keeps positions in its lines list; a record publishes line numbers (contracts.lines)
        evidence = [evidence_number(e) for e in (label.get("evidence") or [])]
        if any(not 1 <= e <= n_lines for e in evidence):
            outcome.excluded.append({"id": record_id, "reason": f"{system}:{code} evidence line out of range"})
            return None
        if code in seen:
            continue
        seen.add(code)
        kept.append(_label(code, label.get("description") or description,
                           label.get("confidence") if label.get("confidence") is not None else 1.0, evidence))
    return kept


def synth_record(row: dict, run_id: str, lookup: CodeLookup, outcome: Outcome) -> None:
    """One synthetic note: labels are the retrieval labeller's selections with evidence."""
    record_id = f"synth-{row['note_id']}"
    lines = list(row.get("lines") or split_lines(row["text"]))
    icd = _synth_labels(record_id, row.get("icd10cm"), len(lines), lookup.icd_description,
                        normalize_icd, "ICD10CM", outcome)
    if icd is None:
        return
    cpt = _synth_labels(record_id, row.get("cpt"), len(lines), lookup.cpt_description,
                        normalize_cpt, "CPT", outcome)
    if cpt is None:
        return
    notes = [str(note) for note in row.get("notes") or []]
    cpt, bundle_notes = _apply_bundles(record_id, cpt, lookup, outcome)
    notes += [note for note in bundle_notes if note not in notes]
    if not icd and not cpt:
        outcome.excluded.append({"id": record_id, "reason": "no valid ICD-10-CM or CPT code"})
        return
    outcome.records.append(Record(
        id=record_id, source="synth", lineage_id=run_id, note_id=str(row["note_id"]),
        group_key=f"group:{row['group_id']}", note_type=row.get("note_type"),
        lines=lines, icd10cm=icd, cpt=cpt, notes=notes))
