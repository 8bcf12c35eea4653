"""Small de-identified batches (contracts.md §3) and synthetic runs (§5) written by the tests."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

PASSED_GATE = {"status": "passed", "reviewed": 598, "findings": 0, "upper_bound": 0.0049,
               "target": 0.005, "confidence": 0.95, "decided_at": "2026-11-20T10:00:00+00:00",
               "decided_by": "reviewer1"}

DEID_TEXTS = [
    "CHIEF COMPLAINT: right upper quadrant pain.\nHistory of type 2 diabetes with chronic kidney disease.\n"
    "Plan: laparoscopic cholecystectomy with intraoperative cholangiogram.\n",
    "Follow up for essential hypertension.\nBlood pressure 150/90 today.\nContinue lisinopril.\n",
    "Patient seen for acute bronchitis.\nCough for five days, no fever.\nSupportive care advised.\n",
    "Asthma exacerbation treated with nebulizer.\nPeak flow improved after treatment.\n",
]
DEID_CODES = [
    ["ICD10CM:E11.22", "ICD10CM:K80.20", "CPT:47563", "CPT:74300"],
    ["ICD10CM:I10"],
    ["ICD10CM:J20.9", "ICD10CM:Q99.99X"],  # the second code does not exist
    ["CPT:94640", "ICD10CM:J45.901"],
]


def write_deid_batch(root: Path, batch_id: str, patients: list[str], texts: list[str] | None = None,
                     codes: list[list[str]] | None = None, gate: dict | None = PASSED_GATE,
                     note_prefix: str = "n") -> Path:
    directory = root / batch_id
    directory.mkdir(parents=True)
    texts = texts or [DEID_TEXTS[i % len(DEID_TEXTS)] + f"Visit {i}.\n" for i in range(len(patients))]
    codes = codes or [DEID_CODES[i % len(DEID_CODES)] for i in range(len(patients))]
    pl.DataFrame({
        "note_id": [f"{note_prefix}{batch_id}{i:04d}" for i in range(len(patients))],
        "source": ["demo-ehr"] * len(patients),
        "patient_id": patients,
        "note_type": ["progress"] * len(patients),
        "text": texts,
        "codes": codes,
    }).write_parquet(directory / "notes.parquet")
    (directory / "manifest.json").write_text(json.dumps({"batch_id": batch_id, "flow_run_id": "fr-deid-1",
                                                         "key_fingerprint": "abc123"}))
    if gate is not None:
        (directory / "gate.json").write_text(json.dumps(gate))
    return directory


def synth_row(i: int, group: str) -> dict:
    lines = [f"Synthetic note {i} for group {group}.", "Assessment: essential hypertension, stable.",
             "Denies chest pain.", f"Plan number {i}: continue amlodipine."]
    return {"note_id": f"s{i:05d}", "group_id": group, "text": "\n".join(lines), "lines": lines,
            "icd10cm": [{"code": "I10", "description": "Essential (primary) hypertension",
                         "confidence": 0.9, "evidence": [1]}],
            "cpt": [], "notes": []}


def write_synth_run(root: Path, run_id: str, groups: list[str], rows: list[dict] | None = None) -> Path:
    directory = root / run_id
    directory.mkdir(parents=True)
    rows = rows or [synth_row(i, g) for i, g in enumerate(groups)]
    pl.DataFrame(rows).write_parquet(directory / "notes.parquet")
    (directory / "manifest.json").write_text(json.dumps({
        "run_id": run_id, "flow_run_id": "fr-synth-1",
        "embedding_model": "all-MiniLM-L6-v2", "index_hash": "deadbeef"}))
    return directory



# Conditions the probe tests write about: a code and the words that name it.
PROBE_CONDITIONS = {"I10": "hypertension", "J45.909": "asthma", "E11.9": "diabetes", "K21.9": "reflux"}


def probe_rows(count: int) -> list[dict]:
    """Synthetic run rows naming one or two of PROBE_CONDITIONS each, labelled with their codes."""
    codes = sorted(PROBE_CONDITIONS)
    rows = []
    for i in range(count):
        chosen = sorted({codes[i % 4], codes[(i // 4) % 4]})
        lines = [f"Clinic note {i}.", *(f"Assessment: {PROBE_CONDITIONS[c]}, follow up." for c in chosen),
                 "Vitals stable."]
        rows.append({"note_id": f"p{i:05d}", "group_id": f"g{i}", "text": "\n".join(lines), "lines": lines,
                     "icd10cm": [{"code": c, "description": PROBE_CONDITIONS[c], "confidence": 0.9,
                                  "evidence": [2]} for c in chosen], "cpt": [], "notes": []})
    return rows


def write_coded_notes(path: Path, docs: list[tuple[str, list[str]]]) -> Path:
    """Real coded notes in the CodiEsp layout: one {"id", "text", "codes_dx", "codes_px"} per line."""
    with open(path, "w", encoding="utf-8") as handle:
        for i, (text, codes) in enumerate(docs):
            handle.write(json.dumps({"id": f"real-{i}", "text": text, "codes_dx": codes, "codes_px": []}) + "\n")
    return path
