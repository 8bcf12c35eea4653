"""deid/recognizers/name_list.py: surname lists that a plural noun for people vouches for."""

import pytest

from deid.recognizers.name_list import NameListRecognizer
from tests.deid.detector_fixtures import analyze


@pytest.fixture(scope="module")
def lists():
    return NameListRecognizer()


@pytest.mark.parametrize("text, members", [
    ("the brainchild of our 3 founders: Okonjo, Graves and Reed.", {"Okonjo", "Graves", "Reed"}),
    ("Hale and White were precision engineers.", {"Hale", "White"}),
    ("Drs. Lindqvist and Park were the attendings.", {"Lindqvist", "Park"}),
    ("The partners were Mbeki, Stone and Brown.", {"Mbeki", "Stone", "Brown"}),
])
def test_members_of_a_people_list(lists, text, members):
    assert {("NAME", m) for m in members} <= analyze(lists, text)


@pytest.mark.parametrize("text", [
    "Lasix and Coumadin were held overnight.",  # no noun for people
    "Foley and NG tube were placed.",
    "History of Graves and Crohn disease.",
    "Parents: Mother and Father were present.",
    "Consultants: ICU and ENT were called.",  # abbreviations veto the member
    "The residents: Monday and Tuesday were busy.",  # calendar words are no names
])
def test_clinical_lists_are_no_names(lists, text):
    assert analyze(lists, text) == set()
