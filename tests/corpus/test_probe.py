"""Corpus utility probe: real notes read strictly, coverage, the ratio, the cached reference."""

import json

import pytest

from chartforge.errors import ChartforgeError
from corpus.build import build_corpus
from corpus.probe import coverage, probe, real_documents, reference, summary, version_documents
from corpus.probe_model import ModelSettings
from tests.corpus.factories import PROBE_CONDITIONS, probe_rows, write_coded_notes, write_synth_run

REAL_TEXTS = [  # real notes word their conditions differently from the corpus ("known" ...)
    ("Known hypertension on treatment. Asthma since childhood.", ["I10", "J45.909"]),
    ("Diabetes poorly controlled.", ["E11.9"]),
    ("Reflux and hypertension, seen today.", ["K21.9", "I10"]),
    ("Fracture of the wrist after a fall.", ["S62.101A"]),
]


@pytest.fixture
def version(tmp_path):
    run = write_synth_run(tmp_path / "runs", "r1", [], rows=probe_rows(80))
    return build_corpus("probe", [], [str(run)], root=tmp_path / "datasets").path


@pytest.fixture
def real(tmp_path):
    return write_coded_notes(tmp_path / "real.jsonl", REAL_TEXTS)


@pytest.fixture
def real_train(tmp_path):
    docs = [(f"Patient with {PROBE_CONDITIONS[c]} and {PROBE_CONDITIONS[d]}, case {i}.", [c, d])
            for i, (c, d) in enumerate([("I10", "E11.9"), ("J45.909", "K21.9"), ("I10", "K21.9")] * 10)]
    return write_coded_notes(tmp_path / "real_train.jsonl", docs)


def test_version_documents_are_the_train_notes_without_line_numbers(version):
    docs = version_documents(version)
    assert docs.ids and all(i.startswith("synth-") for i in docs.ids)
    assert docs.texts[0].startswith("Clinic note ") and "\n2: " not in docs.texts[0]
    assert all(codes and codes <= {"I10", "J45909", "E119", "K219"} for codes in docs.codes)
    # the split groups ride along, so the probe's held-out part keeps a group together
    assert docs.groups is not None and len(docs.groups) == len(docs.ids)


def test_real_notes_are_read_dotless_and_a_bad_row_names_file_and_row_not_the_note(tmp_path, real):
    docs = real_documents(real)
    assert docs.codes[0] == {"I10", "J45909"} and len(docs.ids) == 4
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "1", "text": "ok", "codes_dx": ["I10"]}) + "\n"
                   + json.dumps({"id": "2", "text": "Jane Roe, MRN 123456", "codes_dx": "I10"}) + "\n")
    with pytest.raises(ChartforgeError) as error:
        real_documents(bad)
    assert error.value.code == "E606" and "line 2" in str(error.value) and str(bad) in str(error.value)
    assert "Jane" not in str(error.value) and "123456" not in str(error.value)
    with pytest.raises(ChartforgeError) as missing:
        real_documents(tmp_path / "nowhere.jsonl")
    assert missing.value.code == "E611"


def test_coverage_is_the_share_of_real_code_occurrences_a_probe_has_labels_for():
    gold = [{"I10", "J45909"}, {"E119"}, {"K219", "I10"}, {"S62101A"}]
    assert coverage({"I10", "J45909", "E119", "K219"}, gold) == {"occurrences": 0.8333, "distinct": 0.8}
    assert coverage({"I10", "S62999A"}, gold, 3) == {"occurrences": 0.5, "distinct": 0.4}


def test_the_report_compares_both_probes_on_the_real_notes(version, real, real_train, tmp_path):
    report = probe(version, real, real_train, ModelSettings(), tmp_path / "cache")
    corpus, ref = report["corpus"], report["real_trained"]
    assert report["real"] == {"file": str(real), "documents": 4, "codes": 6, "distinct_codes": 5}
    assert corpus["labels"] == 4 and ref["labels"] == 4 and report["shared_labels"] == {"exact": 4, "category": 4}
    # five of the six real code occurrences are codes both probes learned; the fracture is not
    assert corpus["coverage"]["exact"] == {"occurrences": 0.8333, "distinct": 0.8}
    assert report["ratio"] == {level: round(corpus[level]["f1"] / ref[level]["f1"], 4) for level in ("exact", "category")}
    assert corpus["exact"]["tp"] + corpus["exact"]["fn"] == 6 and report["missing"] is None
    short = summary(report)
    assert "label_space" not in short["corpus"] and short["ratio"] == report["ratio"]


def test_without_real_training_notes_the_ratio_is_left_out_and_the_report_says_why(version, real, tmp_path):
    report = probe(version, real, tmp_path / "absent.jsonl")
    assert report["ratio"] is None and report["real_trained"] is None
    assert report["missing"] == f"real-trained reference skipped: {tmp_path / 'absent.jsonl'} not found"
    assert report["corpus"]["documents"] == len(version_documents(version).ids)


def test_the_real_trained_reference_is_cached_by_file_contents(real, real_train, tmp_path):
    test = real_documents(real)
    first = reference(real_train, test, real, ModelSettings(), tmp_path / "cache")
    (cached,) = (tmp_path / "cache").glob("reference-*.json")
    cached.write_text(json.dumps({**first, "seconds": -1.0}))
    assert reference(real_train, test, real, ModelSettings(), tmp_path / "cache")["seconds"] == -1.0
    real_train.write_text(real_train.read_text() + real_train.read_text().splitlines()[0] + "\n")
    assert reference(real_train, test, real, ModelSettings(), tmp_path / "cache")["seconds"] >= 0
    assert len(list((tmp_path / "cache").glob("reference-*.json"))) == 2
