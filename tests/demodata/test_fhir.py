from __future__ import annotations

import datetime as dt

from demodata.fhir import composition_resource, composition_sections, composition_text
from demodata.generator import Encounter, Note
from demodata.notes import Section


def _note(text: str, starts: list[int]) -> Note:
    sections = [Section(f"S{i}", f"s{i}", start) for i, start in enumerate(starts)]
    return Note("R1", "n1", "progress", dt.date(2020, 1, 2), text, [], sections, "normal")


def test_composition_round_trip_survives_markup_entities_and_whitespace():
    text = "Header &amp; <b>not bold</b>\r\n\nA/P: x < 3 && y > 2 &lt;\n  trailing  \n\nSigned"
    note = _note(text, [0, text.index("A/P"), text.index("Signed")])
    sections = composition_sections(note)
    assert len(sections) == 3
    assert all(s["text"]["div"].startswith('<div xmlns="http://www.w3.org/1999/xhtml"><pre>') for s in sections)
    assert "<b>" not in "".join(s["text"]["div"].split("<pre>", 1)[1] for s in sections)
    assert composition_text({"section": sections}) == text


def test_composition_resource_carries_the_contract_fields():
    note = _note("CC: cough\n", [0])

    class _Patient:
        patient_id = "P1"

    class _Record:
        patient = _Patient()

    encounter = Encounter("P1-E01", "inpatient", dt.date(2020, 1, 1), dt.date(2020, 1, 3), [], [])
    resource = composition_resource(_Record(), encounter, note)
    assert resource["identifier"]["value"] == "R1"
    assert resource["subject"] == {"reference": "Patient/P1"}
    assert resource["encounter"] == {"reference": "Encounter/P1-E01"}
    assert resource["type"]["coding"][0]["code"] == "11506-3"
    assert resource["date"] == "2020-01-02"


def test_bundle_entries_have_absolute_full_urls_matching_relative_references(demo_export):
    import json

    bundle = json.loads((demo_export / "fhir" / "bundle.json").read_text(encoding="utf-8"))
    urls = {entry["fullUrl"] for entry in bundle["entry"]}
    for entry in bundle["entry"]:
        resource = entry["resource"]
        assert entry["fullUrl"].endswith(f"/{resource['resourceType']}/{resource['id']}")
        assert entry["fullUrl"].startswith("https://")
        subject = resource.get("subject", {}).get("reference")
        if subject:
            assert entry["fullUrl"].rsplit("/", 2)[0] + "/" + subject in urls
