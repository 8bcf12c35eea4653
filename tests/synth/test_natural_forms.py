"""Titles in a clinician's word order, by the Alphabetic Index's own readings."""

import pytest

from synth.natural_forms import natural_forms


@pytest.mark.parametrize("title, forms", [
    ("Pain in right hip", ["right hip pain"]),
    ("Pain in unspecified thigh", ["thigh pain"]),
    ("Malignant neoplasm of prostate", ["prostate cancer", "cancer of the prostate"]),
    ("Malignant neoplasm of unspecified kidney, except renal pelvis", ["kidney cancer", "cancer of the kidney"]),
    ("Malignant neoplasm of base of tongue", ["cancer of the base of tongue"]),  # "base of tongue cancer" reads badly
    ("Secondary malignant neoplasm of bone", ["bone metastases", "metastatic disease to the bone"]),
    ("Secondary malignant neoplasm of liver and intrahepatic bile duct", ["liver metastases",
                                                                       "metastatic disease to the liver"]),
    ("Neoplasm of unspecified behavior of bladder", ["bladder tumor"]),
])
def test_a_title_of_a_known_shape_gets_the_clinicians_order(title, forms):
    assert natural_forms(title) == forms


@pytest.mark.parametrize("title", [
    "Malignant neoplasm of overlapping sites of tongue",            # not a plain site
    "Neoplasm of unspecified behavior of other genitourinary organ",
    "Malignant neoplasm of bronchus or lung, unspecified",
    "Malignant neoplasm of unspecified site of right female breast",
    "Essential (primary) hypertension",                             # no rule
])
def test_no_form_for_a_site_that_is_not_a_plain_anatomical_phrase(title):
    assert natural_forms(title) == []
