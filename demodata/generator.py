"""The demo export as a stream of patients: each patient has 2-5 encounters with 1-3
notes each, the encounter's existing codes (or none), and every note's gold spans.

Determinism: each patient draws from its own ``random.Random`` seeded by a string of
(seed, patient index), and Faker instances are reseeded from it, so one patient's output
depends only on the seed, its index and which labels earlier patients already planted
(labels not yet seen are forced into the next notes, so even a tiny export has every
label). Nothing touches global random state.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Iterator

from chartforge.ids import note_id
from deid.spans import LABELS
from demodata import identifiers
from demodata.clinical import ClinicalContext, ClinicalResolver, data as clinical_data
from demodata.notes import NoteComposer
from demodata.people import NameFactory
from demodata.phi import EncounterDates, Patient, PhiResolver, World, make_patient
from demodata.places import PlaceFactory
from demodata.resources import pick, weighted

SOURCE = "demo-ehr"
NOTE_TYPES = ("history_physical", "progress", "discharge_summary", "operative", "nursing", "radiology")
ENCOUNTER_KINDS = {"inpatient": 35, "surgical": 20, "ed": 25, "outpatient": 20}
# Which notes an encounter of each kind produces, in chart order; the first listed is required.
NOTES_BY_KIND = {
    "inpatient": ["history_physical", "progress", "radiology", "nursing", "discharge_summary"],
    "surgical": ["operative", "history_physical", "nursing", "progress", "discharge_summary"],
    "ed": ["history_physical", "nursing", "radiology"],
    "outpatient": ["progress", "radiology"],
}
CHART_ORDER = ["history_physical", "radiology", "operative", "progress", "nursing", "discharge_summary"]
CODED_ENCOUNTER_RATE = 0.8
FIRST_DATE, LAST_DATE = dt.date(2015, 1, 1), dt.date(2024, 6, 30)
ELDERLY_RATE = 0.06


@dataclass
class Note:
    row_id: str
    note_id: str
    note_type: str
    note_date: dt.date
    text: str
    spans: list[tuple[int, int, str]]
    sections: list
    casing: str


@dataclass
class Encounter:
    encounter_id: str
    kind: str
    start: dt.date
    end: dt.date
    icd: list[str]
    cpt: list[str]
    notes: list[Note] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return [f"ICD10CM:{c}" for c in self.icd] + [f"CPT:{c}" for c in self.cpt]


@dataclass
class PatientRecord:
    patient: Patient
    encounters: list[Encounter]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


class DemoGenerator:
    def __init__(self, seed: int):
        self.seed = seed
        self.names, self.places = NameFactory(), PlaceFactory()
        self.world = World.build(seed, self.names, self.places)
        self.seen_labels: set[str] = set()

    def patients(self, count: int) -> Iterator[PatientRecord]:
        for index in range(count):
            yield self.patient(index)

    def patient(self, index: int) -> PatientRecord:
        rng = random.Random(f"demodata:{self.seed}:patient:{index}")
        span_days = (LAST_DATE - FIRST_DATE).days - 5 * 400
        first_visit = FIRST_DATE + dt.timedelta(days=rng.randint(0, span_days))
        # A fixed share of patients is over 89 (every tenth, plus a random few) so a small
        # export always holds AGE_OVER_89.
        elderly = index % 10 == 3 or rng.random() < ELDERLY_RATE
        patient = make_patient(index, rng, self.world, self.names, self.places, first_visit, elderly)
        chronic = self._chronic(rng, patient.person.sex)
        encounters, day = [], first_visit
        for number in range(rng.randint(2, 5)):
            encounters.append(self._encounter(rng, patient, chronic, number, day))
            day = encounters[-1].end + dt.timedelta(days=rng.randint(20, 400))
        return PatientRecord(patient, encounters)

    def _chronic(self, rng: random.Random, sex: str) -> list[dict]:
        pool = [c for c in clinical_data()["chronic"] if c.get("sex", sex) == sex]
        chosen: list[dict] = []
        for condition in rng.sample(pool, rng.randint(1, 4)):
            taken = {c["key"] for c in chosen}
            if condition["key"] in taken or taken & set(condition.get("replaces", [])):
                continue
            chosen = [c for c in chosen if c["key"] not in condition.get("replaces", [])] + [condition]
        return chosen

    def _encounter(self, rng: random.Random, patient: Patient, chronic: list[dict], number: int,
                   start: dt.date) -> Encounter:
        data = clinical_data()
        kind = weighted(rng, ENCOUNTER_KINDS)
        acute = pick(rng, [a for a in data["acute"] if a["kind"] == kind])
        addressed = [c for c in chronic if c["key"] not in acute.get("replaces", [])]
        procedure = data["procedures"].get(acute.get("procedure", ""))
        study = data["studies"].get(acute.get("study", ""))
        length = {"inpatient": rng.randint(2, 7), "surgical": rng.randint(1, 4)}.get(kind, 0)
        end = start + dt.timedelta(days=length)
        surgery = start + dt.timedelta(days=min(length, rng.randint(0, 1)))

        candidates = NOTES_BY_KIND[kind]
        count = min(rng.randint(1, 3), len(candidates))
        types = [candidates[0]] + rng.sample(candidates[1:], count - 1)
        types.sort(key=CHART_ORDER.index)

        icd, cpt = [], []
        if rng.random() < CODED_ENCOUNTER_RATE:
            icd = _unique(list(acute["icd"]) + [code for c in addressed for code in c["icd"]])
            cpt = [pick(rng, data["em_codes"][kind])["code"]]
            if procedure and ("operative" in types or kind == "surgical"):
                cpt.append(procedure["cpt"])
            if study and "radiology" in types:
                cpt.append(study["cpt"])
            cpt = _unique(cpt)
        context = ClinicalContext(kind, acute, addressed, procedure, study, icd, cpt)
        encounter = Encounter(f"{patient.patient_id}-E{number + 1:02d}", kind, start, end, icd, cpt)
        account = identifiers.pattern_id(rng, "ACCOUNT")
        for position, note_type in enumerate(types):
            note_date = self._note_date(rng, note_type, start, end, surgery)
            when = EncounterDates(admit=start, discharge=end, surgery=surgery, service=note_date)
            phi = PhiResolver(patient, self.world, when, account, rng)
            composer = NoteComposer(phi, ClinicalResolver(context, patient.person.sex, rng), rng)
            composed = composer.compose(note_type, set(LABELS) - self.seen_labels)
            self.seen_labels.update(label for _, _, label in composed.spans)
            row_id = f"{encounter.encounter_id}-N{position + 1}"
            encounter.notes.append(Note(row_id, note_id(SOURCE, row_id), note_type, note_date, composed.text,
                                        composed.spans, composed.sections, composed.casing))
        return encounter

    @staticmethod
    def _note_date(rng: random.Random, note_type: str, start: dt.date, end: dt.date, surgery: dt.date) -> dt.date:
        if note_type == "operative":
            return surgery
        if note_type == "discharge_summary":
            return end
        if note_type in ("progress", "nursing") and end > start:
            return start + dt.timedelta(days=rng.randint(1, (end - start).days))
        return start
