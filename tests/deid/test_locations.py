"""deid/recognizers/street_address.py, city_state.py, zip_code.py and facility.py."""

import pytest

from deid.recognizers.city_state import CityStateRecognizer
from deid.recognizers.facility import FacilityRecognizer
from deid.recognizers.street_address import StreetAddressRecognizer
from deid.recognizers.zip_code import ZipCodeRecognizer
from tests.deid.detector_fixtures import analyze


@pytest.mark.parametrize("recognizer, text, value", [
    (StreetAddressRecognizer, "lives at 45 Oak Avenue, Apt 3 with", "45 Oak Avenue, Apt 3"),
    (StreetAddressRecognizer, "4928 SARAH VILLAGES SUITE 721", "4928 SARAH VILLAGES SUITE 721"),
    (StreetAddressRecognizer, "68706 Evans Radial", "68706 Evans Radial"),
    (StreetAddressRecognizer, "mail to P.O. Box 1234", "P.O. Box 1234"),
    (CityStateRecognizer, "moved from Boston, MA 02115 last year", "Boston, MA 02115"),
    (CityStateRecognizer, "RENO NV 21704", "RENO NV 21704"),
    (CityStateRecognizer, "lives in Lake Charles now", "Lake Charles"),
    (CityStateRecognizer, "born in Columbus, Ohio", "Columbus, Ohio"),
    (ZipCodeRecognizer, "zip 02115-1234", "02115-1234"),
    (ZipCodeRecognizer, "935 William Path, Springfield 70133\n", "70133"),
    (FacilityRecognizer, "transferred from Springfield General Hospital", "Springfield General Hospital"),
    (FacilityRecognizer, "RECORDS FROM GOOD SAMARITAN HOSPITAL OF TYLER REVIEWED", "GOOD SAMARITAN HOSPITAL OF TYLER"),
])
def test_location_forms(recognizer, text, value):
    assert ("LOCATION", value) in analyze(recognizer(), text)


@pytest.mark.parametrize("recognizer, text", [
    (StreetAddressRecognizer, "NSR at 78, PR 164 ms, QRS 92 ms, QTc 438"),
    (StreetAddressRecognizer, "2019-05-08, 21:33 pt resting"),
    (ZipCodeRecognizer, "Glasgow Coma Scale 15 (E4V5M6)"),
    (ZipCodeRecognizer, "WBC 12345 cells"),
])
def test_location_look_alikes(recognizer, text):
    assert analyze(recognizer(), text) == set()


@pytest.mark.parametrize("recognizer, text, value", [
    (StreetAddressRecognizer, "apartment on 58719 Smith Underpass Apt. 348, Wichita.\n", "Wichita"),  # WordNet word, gazetteer town
    (StreetAddressRecognizer, "5084 warner divide apt. 839, charlotte 16694-0991\n", "5084 warner divide apt. 839"),
    (StreetAddressRecognizer, "5084 warner divide apt. 839, charlotte 16694-0991\n", "charlotte 16694-0991"),
    (StreetAddressRecognizer, "2224 Trenerys gate 232\n Apt. 342\n TRONDHEIM\n Norway", "2224 Trenerys gate 232"),
    (StreetAddressRecognizer, "2224 Trenerys gate 232\n Apt. 342\n TRONDHEIM\n Norway", "TRONDHEIM"),
    (StreetAddressRecognizer, "lives at 86036 Rua do Arenque 1634, Goiania", "Rua do Arenque 1634"),
    (CityStateRecognizer, "Moved from Worcester in 1981.", "Worcester"),
    (CityStateRecognizer, "GREW UP IN WICHITA; LIBRARIAN", "WICHITA"),
    (CityStateRecognizer, "I am in pain and am in Rohod for a trip", "Rohod"),
    (CityStateRecognizer, "Discharged to Nair Manor, South Jacquelinestad ID. Stable", "South Jacquelinestad"),
    (FacilityRecognizer, "Cardiology clinic at Jackson Veterans Affairs Medical Center, 974 Mark",
     "Jackson Veterans Affairs Medical Center"),
])
def test_towns_and_streets_by_position(recognizer, text, value):
    assert ("LOCATION", value) in analyze(recognizer(), text)


@pytest.mark.parametrize("recognizer, text", [
    (StreetAddressRecognizer, "flanking 8 mm camera ports, a 12 mm assist port, a 5 mm liver retraction port"),
    (StreetAddressRecognizer, "CS IS A 64 YO WOMAN. PT IS ALERT"),
    (StreetAddressRecognizer, "H&H is 11 and 34.  PT, PTT, and INR is normal"),
    (StreetAddressRecognizer, "1 Lisinopril 10\n2 Aspirin 81\n"),
    (CityStateRecognizer, "instruments were removed from the patient's abdomen"),
    (CityStateRecognizer, "Alternative of fully laparoscopic surgery was discussed"),
    (FacilityRecognizer, "COURSE IN HOSPITAL: uneventful; seen at PM&R Spine Clinic"),
])
def test_position_rules_skip_clinical_text(recognizer, text):
    assert {v for _, v in analyze(recognizer(), text)} == set()


@pytest.mark.parametrize("recognizer, text, value", [
    (CityStateRecognizer, "verified by registration. Moved from Ann Arbor in 1982.", "Ann Arbor"),  # a deny phrase
    (CityStateRecognizer, "Grew up in Jackson; nurse for 30 years.", "Jackson"),  # an eponym
    (FacilityRecognizer, "seen at Bangor Dialysis Center in Perkinsside last week.", "Perkinsside"),
    (FacilityRecognizer, "feliciano university medical center\nfin 12528580963", "feliciano university medical center"),
    (FacilityRecognizer, "location: our lady of the lake hospital, ccu", "our lady of the lake hospital"),
])
def test_cued_towns_and_lower_case_facilities(recognizer, text, value):
    assert ("LOCATION", value) in analyze(recognizer(), text)


def test_lower_case_facility_rule_keeps_departments_out():
    assert analyze(FacilityRecognizer(), "seen in heart failure clinic today\ncardiology clinic\nthe hospital\n") == set()
    assert analyze(CityStateRecognizer(), "Ann Arbor stage IIIA lymphoma") == set()


def test_postcodes_by_cue_and_towns_before_them():
    assert ("LOCATION", "880") in analyze(ZipCodeRecognizer(), "My zip code is 880")
    found = analyze(CityStateRecognizer(), "to support Factset in Bjert 6091 in its mission; seen in March 2019; in Room 4021")
    assert found == {("LOCATION", "Bjert")}
