from __future__ import annotations

import random
import re

import pytest

from demodata.clinical import data as clinical_data
from demodata.generator import NOTE_TYPES, DemoGenerator
from demodata.notes import NoteBuilder
from tests.demodata.helpers import gold


def test_builder_records_spans_after_casing():
    builder = NoteBuilder("upper")
    builder.add("Seen by Dr. ")
    builder.add("Straße", "NAME")  # upper() makes it one character longer: offsets must follow
    builder.add(" today")
    text = builder.text()
    (start, end, label), = builder.spans
    assert text[start:end] == "STRASSE" and label == "NAME" and text.endswith(" TODAY")


def test_lower_name_casing_touches_names_only():
    builder = NoteBuilder("lower_names")
    builder.add("Pt's wife ")
    builder.add("Mary", "NAME")
    builder.add(" called from ")
    builder.add("Springfield", "LOCATION")
    assert builder.text() == "Pt's wife mary called from Springfield"


def test_all_caps_and_lower_case_name_notes_occur(demo_export):
    lines = gold(demo_export)
    upper = [line for line in lines if line["text"] == line["text"].upper()]
    lowered_names = [
        line for line in lines
        if any(line["text"][s["start"]:s["end"]].islower() for s in line["spans"] if s["label"] == "NAME")
    ]
    assert upper and lowered_names
    mixed = [line for line in lines if line not in upper]
    assert mixed
    lowered = [line for line in lines if line["text"] == line["text"].lower()]
    assert lowered and {line["note_type"] for line in lowered} == {"nursing"}


def _trap_sentences() -> list[str]:
    traps = clinical_data()["traps"]
    return [t for group in traps.values() for t in group if "{" not in t]


def test_non_phi_traps_occur_and_are_never_gold(demo_export):
    seen = 0
    for line in gold(demo_export):
        text = line["text"].lower()
        covered = {i for s in line["spans"] for i in range(s["start"], s["end"])}
        for trap in _trap_sentences():
            for match in re.finditer(re.escape(trap.lower()), text):
                seen += 1
                assert not covered & set(range(match.start(), match.end())), trap
        for pattern in (r"\bbp:? \d{2,3}/\d{2,3}", r"\b[a-z]\d{2}\.\d{1,4}\b", r"\b\d{1,3}(\.\d)? ?(mg|mcg|units)\b"):
            for match in re.finditer(pattern, text):
                assert not covered & set(range(match.start(), match.end())), match.group(0)
    assert seen > 50


@pytest.mark.parametrize("note_type", NOTE_TYPES)
def test_every_note_type_composes_in_every_casing(note_type):
    generator = DemoGenerator(1)
    record = generator.patient(3)
    encounter = record.encounters[0]
    from demodata.clinical import ClinicalContext, ClinicalResolver
    from demodata.notes import NoteComposer
    from demodata.phi import EncounterDates, PhiResolver

    data = clinical_data()
    context = ClinicalContext("surgical", data["acute"][6], [data["chronic"][0]], data["procedures"]["tka"],
                              data["studies"]["cxr"])
    for casing in ("normal", "upper", "lower_names"):
        rng = random.Random(casing)
        when = EncounterDates(encounter.start, encounter.end, encounter.start, encounter.start)
        phi = PhiResolver(record.patient, generator.world, when, "123", rng)
        note = NoteComposer(phi, ClinicalResolver(context, "female", rng), rng).compose(note_type, set(), casing)
        assert note.text and note.sections[0].start == 0
        assert [s.start for s in note.sections] == sorted(s.start for s in note.sections)
        for start, end, _ in note.spans:
            assert note.text[start:end].strip() == note.text[start:end]


# Written in their clinical context: a bare "Graves" or "Murphy" may well be a planted
# surname (a real and wanted hard case), "Graves disease" never is.
ABBREVIATIONS_AND_EPONYMS = {
    "PERRLA": r"perrla", "LAD": r"\blad\b", "BID": r"\bbid\b", "Foley": r"foley (catheter|draining|in place)",
    "Parkinson": r"parkinson('s)? disease", "Glasgow": r"glasgow coma scale", "Babinski": r"babinski negative",
    "Murphy": r"murphy('s)? sign", "Apgar": r"apgar scores", "Cushing": r"cushing('s)? syndrome",
    "Graves": r"graves('s?)? disease", "Homans": r"homans sign", "McBurney": r"mcburney('s)? point",
    "Lyme": r"lyme disease", "Rocky Mountain": r"rocky mountain spotted fever",
}


def test_abbreviations_and_eponyms_appear_and_are_never_inside_gold_spans(demo_export):
    found = set()
    for line in gold(demo_export):
        text = line["text"].lower()
        covered = {i for s in line["spans"] for i in range(s["start"], s["end"])}
        for term, pattern in ABBREVIATIONS_AND_EPONYMS.items():
            for match in re.finditer(pattern, text):
                found.add(term)
                assert not covered & set(range(match.start(), match.end())), (term, line["id"])
    assert found == set(ABBREVIATIONS_AND_EPONYMS)
