"""The demo export as a stream of patients: each patient has 2-5 encounters with 1-3
notes each, the encounter's existing codes (or none), and every note's gold spans.

Determinism: each patient draws from its own ``random.Random`` seeded by a string of
(seed, patient index), and Faker instances are reseeded from it, so one patient's output
depends only on the seed and its index (never on global random state or on other
patients). That is what lets ``patients(workers=N)`` generate in parallel and still write
byte-identical files. Coverage: the first FORCED_PATIENTS patients plant every label they
have not planted yet in their next note, so even a tiny export holds every label.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Iterator

from chartforge.ids import note_id
from chartforge.contracts.spans import LABELS
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
# Relative chance of each optional note type joining an encounter (discharge summaries and
# radiology reports are common in real exports; nursing notes less so in a coder's feed).
NOTE_WEIGHTS = {"history_physical": 2, "progress": 3, "radiology": 3, "nursing": 2, "discharge_summary": 3,
                "operative": 3}
CHART_ORDER = ["history_physical", "radiology", "operative", "progress", "nursing", "discharge_summary"]
CODED_ENCOUNTER_RATE = 0.8
FIRST_DATE, LAST_DATE = dt.date(2015, 1, 1), dt.date(2024, 6, 30)
ELDERLY_RATE = 0.06
FORCED_PATIENTS = 3


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

    def patients(self, count: int, workers: int = 1) -> Iterator[PatientRecord]:
        """Patients 0..count-1 in order; ``workers`` > 1 generates them in worker processes."""
        if workers <= 1:
            for index in range(count):
                yield self.patient(index)
            return
        import multiprocessing

        with multiprocessing.get_context("spawn").Pool(workers, _init_worker, (self.seed,)) as pool:
            yield from pool.imap(_worker_patient, range(count), chunksize=8)

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
        unseen = set(LABELS) if index < FORCED_PATIENTS else set()
        for number in range(rng.randint(2, 5)):
            encounters.append(self._encounter(rng, patient, chronic, number, day, unseen))
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
                   start: dt.date, unseen: set[str]) -> Encounter:
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
        types, optional = [candidates[0]], list(candidates[1:])
        for _ in range(count - 1):
            types.append(optional.pop(rng.choices(range(len(optional)),
                                                  weights=[NOTE_WEIGHTS[t] for t in optional])[0]))
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
            composed = composer.compose(note_type, unseen)
            unseen.difference_update(label for _, _, label in composed.spans)
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


_WORKER: DemoGenerator | None = None


def _init_worker(seed: int) -> None:
    global _WORKER
    _WORKER = DemoGenerator(seed)


def _worker_patient(index: int) -> PatientRecord:
    return _WORKER.patient(index)
