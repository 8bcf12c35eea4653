from __future__ import annotations

import datetime as dt
import unicodedata

from chartforge.ids import note_id
from deid.spans import LABELS
from demodata.export import generate_export
from demodata.generator import NOTE_TYPES, SOURCE, DemoGenerator
from tests.demodata.helpers import gold, read_jsonl


def _generate(out, patients, seed):
    generate_export(out, patients, seed)
    return sorted(p for p in out.rglob("*") if p.is_file())


def test_same_seed_gives_byte_identical_files_and_another_seed_does_not(tmp_path):
    first = _generate(tmp_path / "a", 4, seed=11)
    second = _generate(tmp_path / "b", 4, seed=11)
    other = _generate(tmp_path / "c", 4, seed=12)
    names = [p.relative_to(tmp_path / "a") for p in first]
    assert names == [p.relative_to(tmp_path / "b") for p in second]
    assert len(names) == 9  # 3 flat + 3 FHIR + gold + phi values + README
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert (tmp_path / "a" / "export.jsonl").read_bytes() != (tmp_path / "c" / "export.jsonl").read_bytes()


def test_generation_never_touches_global_random_state():
    import random

    random.seed(5)
    expected = random.random()
    random.seed(5)
    DemoGenerator(3).patient(0)
    assert random.random() == expected


def test_every_label_is_planted_on_25_patients(demo_export):
    planted = {span["label"] for line in gold(demo_export) for span in line["spans"]}
    assert planted == set(LABELS)


def test_patients_have_2_to_5_encounters_with_1_to_3_notes_of_all_types(demo_export):
    rows = read_jsonl(demo_export / "export.jsonl")
    by_patient: dict[str, set[str]] = {}
    by_encounter: dict[str, int] = {}
    for row in rows:
        by_patient.setdefault(row["patient_id"], set()).add(row["encounter_id"])
        by_encounter[row["encounter_id"]] = by_encounter.get(row["encounter_id"], 0) + 1
    assert len(by_patient) == 25
    assert all(2 <= len(encounters) <= 5 for encounters in by_patient.values())
    assert all(1 <= count <= 3 for count in by_encounter.values())
    assert {row["note_type"] for row in rows} == set(NOTE_TYPES)


def test_gold_ids_are_ingest_note_ids_and_text_is_already_normalized(demo_export):
    rows = {row["row_id"]: row for row in read_jsonl(demo_export / "export.jsonl")}
    lines = gold(demo_export)
    assert [line["id"] for line in lines] == [note_id(SOURCE, row_id) for row_id in rows]
    for line, row in zip(lines, rows.values()):
        assert line["text"] == row["text"]
        assert line["patient_id"] == row["patient_id"] and line["note_type"] == row["note_type"]
        assert unicodedata.normalize("NFC", line["text"]) == line["text"]
        assert "\r" not in line["text"]
        dt.date.fromisoformat(row["note_date"])


def test_worker_processes_write_the_same_bytes(tmp_path):
    single = _generate(tmp_path / "one", 5, seed=4)
    generate_export(tmp_path / "two", 5, 4, workers=2)
    for path in single:
        twin = tmp_path / "two" / path.relative_to(tmp_path / "one")
        assert twin.read_bytes() == path.read_bytes(), path.name


def test_a_patient_depends_only_on_seed_and_index():
    late = DemoGenerator(9).patient(7)
    fresh = DemoGenerator(9)
    for index in range(7):
        fresh.patient(index)
    again = fresh.patient(7)
    assert [n.text for e in late.encounters for n in e.notes] == [n.text for e in again.encounters for n in e.notes]
