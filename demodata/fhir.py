"""FHIR R4 views of the demo export (contracts.md section 1).

* ``fhir/bundle.json``: a ``collection`` Bundle; per patient: Patient, then per encounter
  Encounter, Condition (ICD-10-CM), Procedure (CPT) and the notes as DocumentReference with
  a base64 ``text/plain; charset=utf-8`` attachment holding the exact note text.
* ``fhir/documentreference.ndjson``: the same resources, one per line, same order.
* ``fhir/composition.json``: a Bundle of Composition resources (one per note) plus the same
  Condition/Procedure resources.

Composition round-trip rule (what a reader must do to get the identical text back):
the note is cut into consecutive chunks that partition it exactly (the header block, one
chunk per section starting at its header, the signature block); each chunk becomes one
``section`` with ``title`` = the header as written and
``text.div`` = ``<div xmlns="http://www.w3.org/1999/xhtml"><pre>`` + escape(chunk) +
``</pre></div>``, where escape replaces ``&``, ``<``, ``>`` by entities. The text is the
concatenation, in order, of every section's div with the tags removed and the entities
unescaped (``html.unescape``); see :func:`composition_text`. No ``<br/>`` is ever written:
newlines stay literal inside ``<pre>``.
"""

from __future__ import annotations

import base64
import html
import json
import re
from typing import IO, Iterator

from demodata.clinical import data as clinical_data
from demodata.generator import SOURCE, Encounter, Note, PatientRecord

LOINC = {
    "history_physical": ("34117-2", "History and physical note"),
    "progress": ("11506-3", "Progress note"),
    "discharge_summary": ("18842-5", "Discharge summary"),
    "operative": ("11504-8", "Surgical operation note"),
    "nursing": ("34746-8", "Nurse note"),
    "radiology": ("18748-4", "Diagnostic imaging study"),
}
ICD_SYSTEM = "http://hl7.org/fhir/sid/icd-10-cm"
CPT_SYSTEM = "http://www.ama-assn.org/go/cpt"
FHIR_BASE = "https://demo-ehr.example/fhir"
ENCOUNTER_CLASS = {"inpatient": "IMP", "surgical": "IMP", "ed": "EMER", "outpatient": "AMB"}
_DIV_OPEN, _DIV_CLOSE = '<div xmlns="http://www.w3.org/1999/xhtml"><pre>', "</pre></div>"
_TAG = re.compile(r"<[^>]+>")


def _ref(kind: str, ident: str) -> dict:
    return {"reference": f"{kind}/{ident}"}


def _cpt_wording() -> dict[str, str]:
    data = clinical_data()
    wording = {c["code"]: c["text"] for codes in data["em_codes"].values() for c in codes}
    wording.update({p["cpt"]: p["wording"] for p in data["procedures"].values()})
    wording.update({s["cpt"]: f"{s['name'].lower()} (demo wording)" for s in data["studies"].values()})
    return wording


def _icd_display(code: str) -> str:
    import simple_icd_10_cm as icd  # lazy: only FHIR output needs descriptions

    return icd.get_description(code)


def patient_resource(record: PatientRecord) -> dict:
    p = record.patient
    return {
        "resourceType": "Patient", "id": p.patient_id, "meta": {"source": SOURCE},
        "identifier": [{"type": {"text": "MRN"}, "value": p.mrn}],
        "name": [{"family": p.person.last, "given": [p.person.first]}],
        "gender": p.person.sex, "birthDate": p.birth.isoformat(),
    }


def encounter_resource(record: PatientRecord, encounter: Encounter) -> dict:
    return {
        "resourceType": "Encounter", "id": encounter.encounter_id, "status": "finished",
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                  "code": ENCOUNTER_CLASS[encounter.kind]},
        "subject": _ref("Patient", record.patient.patient_id),
        "period": {"start": encounter.start.isoformat(), "end": encounter.end.isoformat()},
    }


def code_resources(record: PatientRecord, encounter: Encounter, cpt_wording: dict[str, str]) -> Iterator[dict]:
    subject = _ref("Patient", record.patient.patient_id)
    for i, code in enumerate(encounter.icd, 1):
        yield {"resourceType": "Condition", "id": f"{encounter.encounter_id}-C{i}", "subject": subject,
               "encounter": _ref("Encounter", encounter.encounter_id),
               "code": {"coding": [{"system": ICD_SYSTEM, "code": code, "display": _icd_display(code)}]}}
    for i, code in enumerate(encounter.cpt, 1):
        yield {"resourceType": "Procedure", "id": f"{encounter.encounter_id}-P{i}", "status": "completed",
               "subject": subject, "encounter": _ref("Encounter", encounter.encounter_id),
               "code": {"coding": [{"system": CPT_SYSTEM, "code": code,
                                    "display": cpt_wording.get(code, "procedure (demo wording)")}]}}


def _type(note: Note) -> dict:
    code, display = LOINC[note.note_type]
    return {"coding": [{"system": "http://loinc.org", "code": code, "display": display}]}


def document_reference(record: PatientRecord, encounter: Encounter, note: Note) -> dict:
    data = base64.b64encode(note.text.encode("utf-8")).decode("ascii")
    return {
        "resourceType": "DocumentReference", "id": note.row_id, "meta": {"source": SOURCE},
        "identifier": [{"system": f"urn:{SOURCE}:note", "value": note.row_id}],
        "status": "current", "type": _type(note), "subject": _ref("Patient", record.patient.patient_id),
        "date": f"{note.note_date.isoformat()}T12:00:00Z",  # FHIR instant; the day is the note date
        "context": {"encounter": [_ref("Encounter", encounter.encounter_id)]},
        "content": [{"attachment": {"contentType": "text/plain; charset=utf-8", "data": data}}],
    }


def composition_sections(note: Note) -> list[dict]:
    bounds = [s.start for s in note.sections] + [len(note.text)]
    sections = []
    for section, start, end in zip(note.sections, bounds, bounds[1:]):
        chunk = note.text[start:end]
        sections.append({"title": section.title,
                         "text": {"status": "generated",
                                  "div": _DIV_OPEN + html.escape(chunk, quote=False) + _DIV_CLOSE}})
    return sections


def composition_resource(record: PatientRecord, encounter: Encounter, note: Note) -> dict:
    return {
        "resourceType": "Composition", "id": note.row_id, "meta": {"source": SOURCE},
        "identifier": {"system": f"urn:{SOURCE}:note", "value": note.row_id},
        "status": "final", "type": _type(note), "subject": _ref("Patient", record.patient.patient_id),
        "encounter": _ref("Encounter", encounter.encounter_id), "date": note.note_date.isoformat(),
        "author": [{"display": SOURCE}], "title": LOINC[note.note_type][1],
        "section": composition_sections(note),
    }


def composition_text(resource: dict) -> str:
    """The round-trip rule in code: the note text back from a Composition."""
    return "".join(html.unescape(_TAG.sub("", s["text"]["div"])) for s in resource.get("section", []))


class BundleStreamWriter:
    """Writes a ``collection`` Bundle entry by entry, so a big export never sits in memory."""

    def __init__(self, handle: IO[str], bundle_id: str):
        self.handle, self.first = handle, True
        handle.write(json.dumps({"resourceType": "Bundle", "id": bundle_id, "type": "collection"})[:-1])
        handle.write(', "entry": [\n')

    def add(self, resource: dict) -> None:
        if not self.first:
            self.handle.write(",\n")
        self.first = False
        # An absolute base (reserved example domain, never contacted) so relative references resolve.
        entry = {"fullUrl": f"{FHIR_BASE}/{resource['resourceType']}/{resource['id']}", "resource": resource}
        self.handle.write(json.dumps(entry, ensure_ascii=False))

    def close(self) -> None:
        self.handle.write("\n]}\n")


def patient_resources(record: PatientRecord, cpt_wording: dict[str, str]) -> Iterator[dict]:
    """Bundle/NDJSON order: Patient, then per encounter Encounter, codes, DocumentReferences."""
    yield patient_resource(record)
    for encounter in record.encounters:
        yield encounter_resource(record, encounter)
        yield from code_resources(record, encounter, cpt_wording)
        for note in encounter.notes:
            yield document_reference(record, encounter, note)


def composition_entries(record: PatientRecord, cpt_wording: dict[str, str]) -> Iterator[dict]:
    for encounter in record.encounters:
        yield from code_resources(record, encounter, cpt_wording)
        for note in encounter.notes:
            yield composition_resource(record, encounter, note)


class FhirWriter:
    """The three FHIR files, written in step with the flat formats."""

    def __init__(self, bundle: IO[str], ndjson: IO[str], composition: IO[str], seed: int):
        self.bundle = BundleStreamWriter(bundle, f"demo-ehr-{seed}")
        self.composition = BundleStreamWriter(composition, f"demo-ehr-{seed}-compositions")
        self.ndjson = ndjson
        self.cpt_wording = _cpt_wording()

    def add(self, record: PatientRecord) -> None:
        for resource in patient_resources(record, self.cpt_wording):
            self.bundle.add(resource)
            self.ndjson.write(json.dumps(resource, ensure_ascii=False) + "\n")
        for resource in composition_entries(record, self.cpt_wording):
            self.composition.add(resource)

    def close(self) -> None:
        self.bundle.close()
        self.composition.close()
