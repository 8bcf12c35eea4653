"""deid/clinical_lexicon.py: the words the project knows are clinical, in two tiers for the deny
list, and the clinical shorthand of nursing notes no longer read as names or places."""

import pytest

from deid.clinical_lexicon import clinical_tiers, clinical_words, icd_words_from_package
from deid.deny import DenyList
from deid.resources import data_file
from tests.deid.detector_fixtures import found, shared_detector


def test_icd_word_file_is_what_the_installed_tabular_list_gives():
    lines = data_file(__import__("deid.clinical_lexicon").clinical_lexicon.__file__,
                      "data/icd10cm_words.txt").read_text(encoding="utf-8").splitlines()
    assert [w for w in lines if not w.startswith("#")] == icd_words_from_package()


@pytest.mark.parametrize("word", ["propofol", "levophed", "intraoperative", "kvo", "dilt", "trach", "carevue",
                                  "streptococcus", "cisplatin", "pulm"])
def test_strong_clinical_words_are_no_name_and_no_place(word):
    strong, weak = clinical_tiers()
    assert word in strong and word not in weak


@pytest.mark.parametrize("word", ["foley", "ho", "fent", "levo", "endo"])
def test_clinical_words_that_are_also_names_are_weak(word):
    strong, weak = clinical_tiers()
    assert word in weak and word not in strong


@pytest.mark.parametrize("word", ["derrick", "vera", "mary", "norwood", "ellison"])
def test_english_names_and_places_are_not_clinical(word):
    assert word not in clinical_words()


def test_weak_words_veto_only_what_no_cue_vouches_for():
    deny = DenyList()
    assert deny.vetoes("Ho") and not deny.vetoes("Ho", cued=True)
    assert deny.vetoes("Propofol") and deny.vetoes("Propofol", cued=True)
    assert deny.vetoes("Dilt Gtt") and not deny.vetoes("Dilt Okafor")


@pytest.mark.parametrize("text", [
    "Neuro: Pt sedated on Propofol, opens eyes to voice. Fent gtt at 50mcg/hr.",
    "CV: Neo weaned off. Dilt gtt cont at 10. Levo at .08.",
    "Resp: Trach Collar trial 2 hrs. GU: Foley draining amber urine.",
    "Endo following for insulin gtt. Pulm in to see pt. Ortho consulted. HO aware of low uo.",
    "Plan: Cont to monitor, KVO, NS @ 75. CareVue charting updated.",
    "Visual acuity was 0.3 in the RE and 0.2 in the LE. Adjuvant RT was given; QT prolongation.",
])
def test_clinical_shorthand_is_not_a_name_or_place(text):
    assert {label for label, _ in found(shared_detector().detect(text), text)} & {"NAME", "LOCATION"} == set()


@pytest.mark.parametrize("text, value", [
    ("Catheter placed by Dr. Foley today.", "Foley"),
    ("pt's wife Hope at bedside.", "Hope"),
    ("pt's son Paul is HCP.", "Paul"),
    ("house officer jane aware of events.", "jane"),
    ("pain controlled, dr smithers notified.", "smithers"),
    ("rn kathy aware.", "kathy"),
])
def test_a_cue_still_vouches_for_a_clinical_looking_or_lower_case_name(text, value):
    assert ("NAME", value) in found(shared_detector().detect(text), text)
