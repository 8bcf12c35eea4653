"""Planting PHI: the patient's identity (built once per patient, so a name, MRN or address
is the same in every note of that patient) and the resolver that renders a PHI placeholder
of templates.yaml into pieces ``(text, label)``; labelled pieces become gold spans.

Span rules (also in the export README): a NAME span excludes titles and credentials
("Dr." / ", MD"); a DATE span excludes a time beside it; AGE_OVER_89 covers the number
only ("92" in "92-year-old"), and younger ages are not PHI; LOCATION spans are the street
line, city, county, ZIP and facility names (a state alone is not PHI)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from demodata import dates, identifiers
from demodata.people import NameFactory, Person, render, render_form
from demodata.places import Address, Facility, PlaceFactory, render_address, render_city_state
from demodata.resources import load, pick

Piece = tuple[str, "str | None"]
AGE_LIMIT = 89  # Safe Harbor: ages over 89 are PHI


@dataclass
class World:
    """Hospitals, facilities and clinicians shared by all patients of one export."""
    hospitals: list[Facility]
    facilities: list[Facility]
    clinicians: list[Person]
    staff: list[Person]

    @classmethod
    def build(cls, seed: int, names: NameFactory, places: PlaceFactory, size: int = 300) -> "World":
        rng = random.Random(f"demodata:{seed}:world")
        lasts = [names.last_name(rng, names.locale(rng)) for _ in range(40)]
        return cls(
            hospitals=[places.facility(rng, "hospital_forms", lasts) for _ in range(24)],
            facilities=[places.facility(rng, "facility_forms", lasts) for _ in range(24)],
            clinicians=[names.person(rng) for _ in range(size)],
            staff=[names.person(rng) for _ in range(size)],
        )


@dataclass
class Patient:
    index: int
    patient_id: str
    person: Person
    birth: dt.date
    address: Address
    phones: list[str]
    email: str
    ssn: str
    mrn: str
    health_plan: str
    license: str
    plate: str
    vin: str
    devices: list[str]
    urls: list[str]
    relatives: list[tuple[str, Person]]
    clinicians: list[Person]
    staff: list[Person]
    hospital: Facility
    extras: dict = field(default_factory=dict)


def make_patient(index: int, rng: random.Random, world: World, names: NameFactory, places: PlaceFactory,
                 first_visit: dt.date, elderly: bool) -> Patient:
    locale = names.locale(rng)
    person = names.person(rng, locale=locale)
    age = rng.randint(90, 101) if elderly else rng.randint(19, 88)
    birth = first_visit - dt.timedelta(days=age * 365 + rng.randint(0, 364))
    relatives = []
    for _ in range(rng.randint(2, 3)):
        sex = rng.choice(("female", "male"))
        relation = pick(rng, load("phi_formats.yaml")["relations"][sex])
        same_family = relation not in ("friend", "neighbor", "partner") and rng.random() < 0.7
        relatives.append((relation, names.person(rng, sex=sex, locale=locale,
                                                  last=person.last if same_family else None)))
    hospital = pick(rng, world.hospitals)
    return Patient(
        index=index, patient_id=f"P{index + 1:06d}", person=person, birth=birth,
        address=places.address(rng), phones=[identifiers.phone(rng) for _ in range(rng.randint(1, 2))],
        email=identifiers.email(rng, person.first, person.last), ssn=identifiers.ssn(rng),
        mrn=identifiers.pattern_id(rng, "MRN"), health_plan=identifiers.pattern_id(rng, "HEALTH_PLAN"),
        license=identifiers.pattern_id(rng, "LICENSE"), plate=identifiers.pattern_id(rng, "PLATE"),
        vin=identifiers.vin(rng), devices=[identifiers.pattern_id(rng, "DEVICE") for _ in range(rng.randint(1, 3))],
        urls=[identifiers.url(rng, person.first, person.last, hospital.slug) for _ in range(2)],
        relatives=relatives, clinicians=rng.sample(world.clinicians, 5), staff=rng.sample(world.staff, 4),
        hospital=hospital,
    )


@dataclass
class EncounterDates:
    admit: dt.date
    discharge: dt.date
    surgery: dt.date
    service: dt.date  # the note's own date


class PhiResolver:
    """Renders PHI placeholders for one note of one patient."""

    KINDS = frozenset({
        "patient", "relative", "relative_name", "clinician", "clinician_last_only", "staff", "date", "dateshort",
        "datetime", "time", "age", "age_relative", "address", "street", "city", "city_state", "zip", "county",
        "hospital", "hospital_address", "hospital_other", "facility", "phone", "fax", "email", "ssn", "mrn",
        "health_plan", "account", "license", "dea", "med_license", "plate", "vin", "device", "url", "ip", "other_id",
    })

    def __init__(self, patient: Patient, world: World, when: EncounterDates, account: str, rng: random.Random):
        self.p, self.world, self.when, self.account, self.rng = patient, world, when, account, rng
        self._places, self._ids = self._tables()  # built once per note, not per placeholder

    def age_at_service(self) -> int:
        return dates.age_on(self.p.birth, self.when.service)

    def _anchor(self, arg: str | None) -> dt.date:
        rng, w = self.rng, self.when
        return {
            None: w.service, "service": w.service, "admit": w.admit, "discharge": w.discharge,
            "surgery": w.surgery, "dob": self.p.birth,
            "prior": w.service - dt.timedelta(days=rng.randint(3, 1500)),
            "future": w.service + dt.timedelta(days=rng.randint(5, 90)),
        }[arg]

    def resolve(self, kind: str, arg: str | None) -> list[Piece]:
        rng, p = self.rng, self.p
        if kind == "patient":
            forms = {"full": "First Last", "formal": "[Title] Last", "first": "First",
                     "last_first": pick(rng, ("Last, First", "LAST, FIRST", "Last, First MI.")), "caps": "LAST, FIRST"}
            return render(p.person, "patient_name_forms", rng, forms.get(arg)) if arg else \
                render(p.person, "patient_name_forms", rng)
        if kind == "relative":
            relation, person = pick(rng, p.relatives)
            return [(relation + " ", None)] + render_form(person, pick(rng, ("First", "First", "First Last")), rng)
        if kind == "relative_name":
            people = [r for _, r in p.relatives if arg in (None, r.sex)] or [r for _, r in p.relatives]
            return render_form(pick(rng, people), pick(rng, ("First", "First Last")), rng)
        if kind == "clinician":
            doctor = pick(rng, p.clinicians)
            if arg == "full":
                return render_form(doctor, pick(rng, ("First Last", "First MI. Last")), rng)
            return render(doctor, "clinician_name_forms", rng)
        if kind == "clinician_last_only":
            return [(pick(rng, p.clinicians).last, "NAME")]
        if kind == "staff":
            return render(pick(rng, p.staff), "staff_name_forms", rng)
        if kind in ("date", "dateshort"):
            return [(dates.render_date(self._anchor(arg), rng, short=kind == "dateshort"), "DATE")]
        if kind == "datetime":
            separator = pick(rng, (" ", " ", " @ ", " at ", "  ", ", "))
            return [(dates.render_date(self._anchor(arg), rng), "DATE"), (separator + dates.render_time(rng), None)]
        if kind == "time":
            return [(dates.render_time(rng), None)]
        if kind == "age":
            age = self.age_at_service()
            before, number, after = dates.render_age(age, rng)
            return [(before, None), (number, "AGE_OVER_89" if age > AGE_LIMIT else None), (after, None)]
        if kind == "age_relative":
            return [(str(rng.randint(90, 103)), "AGE_OVER_89")]
        return self._place_or_id(kind)

    def _tables(self) -> tuple[dict, dict]:
        rng, p, world = self.rng, self.p, self.world
        place = {
            "address": lambda: render_address(p.address, rng),
            "street": lambda: [(p.address.street, "LOCATION")],
            "city": lambda: [(p.address.city, "LOCATION")],
            "city_state": lambda: render_city_state(p.address, rng),
            "zip": lambda: [(p.address.zip, "LOCATION")],
            "county": lambda: [(f"{p.address.county} County", "LOCATION")],
            "hospital": lambda: [(p.hospital.name, "LOCATION")],
            "hospital_address": lambda: render_address(p.hospital.address, rng),
            "hospital_other": lambda: [(pick(rng, world.hospitals).name, "LOCATION")],
            "facility": lambda: [(pick(rng, world.facilities).name, "LOCATION")],
        }
        ids = {
            "phone": lambda: (pick(rng, p.phones) if rng.random() < 0.6 else identifiers.phone(rng), "PHONE"),
            "fax": lambda: (identifiers.phone(rng), "FAX"),
            "email": lambda: (p.email if rng.random() < 0.7 else identifiers.email(
                rng, pick(rng, p.clinicians).first, pick(rng, p.clinicians).last), "EMAIL"),
            "ssn": lambda: (p.ssn, "SSN"),
            "mrn": lambda: (p.mrn, "MRN"),
            "health_plan": lambda: (p.health_plan, "HEALTH_PLAN"),
            "account": lambda: (self.account, "ACCOUNT"),
            "license": lambda: (p.license, "LICENSE"),
            "dea": lambda: (identifiers.dea(rng, pick(rng, p.clinicians).last), "LICENSE"),
            "med_license": lambda: (identifiers.pattern_id(rng, "MEDICAL_LICENSE"), "LICENSE"),
            "plate": lambda: (p.plate, "VEHICLE"),
            "vin": lambda: (p.vin, "VEHICLE"),
            "device": lambda: (pick(rng, p.devices), "DEVICE"),
            "url": lambda: (pick(rng, p.urls), "URL"),
            "ip": lambda: (identifiers.ip(rng), "IP"),
            "other_id": lambda: (identifiers.pattern_id(rng, "OTHER_ID"), "OTHER_ID"),
        }
        return place, ids

    def _place_or_id(self, kind: str) -> list[Piece]:
        if kind in self._places:
            return self._places[kind]()
        value, label = self._ids[kind]()
        return [(value, label)]
