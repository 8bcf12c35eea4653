"""deid/recognizers/ssn.py, mrn.py, account.py, health_plan.py, license.py, vehicle.py,
device.py and other_id.py."""

import pytest

from deid.recognizers.account import AccountRecognizer
from deid.recognizers.device import DeviceRecognizer
from deid.recognizers.health_plan import HealthPlanRecognizer
from deid.recognizers.license import LicenseRecognizer
from deid.recognizers.mrn import MrnRecognizer
from deid.recognizers.other_id import OtherIdRecognizer
from deid.recognizers.ssn import SsnRecognizer
from deid.recognizers.vehicle import VehicleRecognizer
from tests.deid.detector_fixtures import analyze


@pytest.mark.parametrize("recognizer, text, label, value", [
    (SsnRecognizer, "SSN 533-70-9870 on file", "SSN", "533-70-9870"),
    (SsnRecognizer, "SS#: 533709870 DOB", "SSN", "533709870"),
    (MrnRecognizer, "MRN: MRN-270622 DOB", "MRN", "MRN-270622"),
    (MrnRecognizer, "Med Rec #: MR429581", "MRN", "MR429581"),
    (AccountRecognizer, "ACCOUNT NO.: 7228664591", "ACCOUNT", "7228664591"),
    (AccountRecognizer, "card 4454794511390933?", "ACCOUNT", "4454794511390933"),
    (AccountRecognizer, "IBAN GB56HXDO88167774656119", "ACCOUNT", "GB56HXDO88167774656119"),
    (HealthPlanRecognizer, "submitted to Cigna, member 3BE3-VT1-BT93.", "HEALTH_PLAN", "3BE3-VT1-BT93"),
    (HealthPlanRecognizer, "Policy # KAP741050916", "HEALTH_PLAN", "KAP741050916"),
    (LicenseRecognizer, "DEA# BG6331588   License RY.2665860", "LICENSE", "RY.2665860"),
    (VehicleRecognizer, "VIN 1HGCM82633A004352", "VEHICLE", "1HGCM82633A004352"),
    (VehicleRecognizer, "license plate LC-6902.", "VEHICLE", "LC-6902"),
    (VehicleRecognizer, "car keys (car plate 1max074).", "VEHICLE", "1max074"),
    (VehicleRecognizer, "car keys (car plate tyg 704).", "VEHICLE", "tyg 704"),
    (DeviceRecognizer, "serial number RNB623734S; leads", "DEVICE", "RNB623734S"),
    (DeviceRecognizer, "acquired on scanner USS-598053-S9.", "DEVICE", "USS-598053-S9"),
    (OtherIdRecognizer, "RESEARCH SUBJECT ID BIO-19936945.", "OTHER_ID", "BIO-19936945"),
    (OtherIdRecognizer, "HARDY, ROBERT   208-04-47   1 Mar", "OTHER_ID", "208-04-47"),
])
def test_identifiers_with_cues_and_shapes(recognizer, text, label, value):
    assert (label, value) in analyze(recognizer(), text)


@pytest.mark.parametrize("value", ["000-12-3456", "666-12-3456", "912-12-3456", "123-00-4567", "123-45-0000"])
def test_never_issued_ssns_are_rejected(value):
    assert analyze(SsnRecognizer(), f"number {value} here") == set()


def test_luhn_rejects_random_digits():
    assert analyze(AccountRecognizer(), "ref 4454794511390934 x") == set()


def test_measurements_are_not_ids():
    assert analyze(OtherIdRecognizer(), "platelets 250000 cells, weight 96.4 kg, ICD E11.22, CPT 99213") == set()


def test_orthopaedic_plates_are_not_vehicles():
    text = "the plate was then contoured; plate 18 mm, all screws; license plate 1ABC234 today"
    assert analyze(VehicleRecognizer(), text) == {("VEHICLE", "1ABC234")}


def test_instrument_sizes_and_image_numbers_after_a_hash_are_no_identifiers():
    from deid.recognizers.other_id import OtherIdRecognizer

    recognizer = OtherIdRecognizer()

    def values(text):
        return {text[r.start:r.end] for r in recognizer.analyze(text, ["OTHER_ID"])}

    for text in ("then a #22-French sheath was placed", "using a #15-knife blade", "with a #20-gauge angiocath",
                 "fraying on sagittal image #2214 and 2290", "Pacer model #: 5076, leads intact"):
        assert not values(text), text
    # the same shapes after an identifier cue stay identifiers
    assert values("specimen # 22-4471 sent to path") == {"22-4471"}
    assert values("accession #: 2214-88 pending") == {"2214-88"}


@pytest.mark.parametrize("text, value", [
    ("ACCT#4459120 ADM DATE 3/4/2021", "4459120"),            # the next header field is no part of it
    ("ACCOUNT NUMBER 000445912 VISIT 2231", "000445912"),
    ("PATIENT NAME: DOE, JANE ACCT NO 55-512301-A", "55-512301-A"),
    ("Account: 4459 120 7781, seen", "4459 120 7781"),        # digit groups split by spaces stay one number
])
def test_an_account_number_in_an_all_caps_header_ends_where_the_number_does(text, value):
    assert analyze(AccountRecognizer(), text) == {("ACCOUNT", value)}
