"""deid/recognizers/phone_fax.py, email.py, url.py and ip_address.py."""

import pytest

from deid.recognizers.email import EmailRecognizer
from deid.recognizers.ip_address import IpAddressRecognizer
from deid.recognizers.phone_fax import PhoneFaxRecognizer
from deid.recognizers.url import UrlRecognizer
from tests.deid.detector_fixtures import analyze


@pytest.mark.parametrize("text, label, value", [
    ("call (617) 555-1234 ext. 22 today", "PHONE", "(617) 555-1234 ext. 22"),
    ("cell 617.555.1234", "PHONE", "617.555.1234"),
    ("+1-984-182-0190", "PHONE", "+1-984-182-0190"),
    ("phone: 0490 75 40 81", "PHONE", "0490 75 40 81"),
    ("+46 (0)8 928 571 38", "PHONE", "+46 (0)8 928 571 38"),
    ("callback 3708591088.", "PHONE", "3708591088"),
    ("FAX: 1-573-303-0682", "FAX", "1-573-303-0682"),
    ("fax results to (710) 750-2659", "FAX", "(710) 750-2659"),
    ("call wife at 617/555/0142 tonight", "PHONE", "617/555/0142"),
    ("page 617-555-0199 x2234", "PHONE", "617-555-0199 x2234"),
    ("office 555-0199 ext 12", "PHONE", "555-0199 ext 12"),
])
def test_phones_and_faxes(text, label, value):
    assert (label, value) in analyze(PhoneFaxRecognizer(), text)


def test_lab_values_are_not_phones():
    assert analyze(PhoneFaxRecognizer(), "WBC 11.9; Hgb 13.2; Na 130; K 4.1; BP 162/97") == set()


def test_shift_times_are_not_phones():
    assert analyze(PhoneFaxRecognizer(), "RN NOTE 0700-1900. NPN 1900 - 0700") == set()


@pytest.mark.parametrize("recognizer, text, label, value", [
    (EmailRecognizer, "questions: NIRJA_RAM@YAHOO.COM.", "EMAIL", "NIRJA_RAM@YAHOO.COM"),
    (UrlRecognizer, "portal HTTPS://CARINGBRIDGE.ORG/VISIT/NIRJARAM.", "URL", "HTTPS://CARINGBRIDGE.ORG/VISIT/NIRJARAM"),
    (UrlRecognizer, "see www.example.org/pt/1", "URL", "www.example.org/pt/1"),
    (IpAddressRecognizer, "gateway IP 192.177.127.163.", "IP", "192.177.127.163"),
    (IpAddressRecognizer, "from 2001:db8::7334 today", "IP", "2001:db8::7334"),
])
def test_web_identifiers(recognizer, text, label, value):
    assert (label, value) in analyze(recognizer(), text)


def test_clock_times_are_not_ipv6():
    assert analyze(IpAddressRecognizer(), "at 10:30:45 and 12:01") == set()


def test_trunk_prefixed_and_cued_international_numbers():
    found = analyze(PhoneFaxRecognizer(), "not answering at 078 8098 1119. mobile: 99 577450. Na 0.5 mg, 0 2 4")
    assert {("PHONE", "078 8098 1119"), ("PHONE", "99 577450")} <= found
    assert not any("0.5" in value or "0 2 4" in value for _, value in found)


@pytest.mark.parametrize("text, value", [
    ("Hungary 34796\n(37) 788-063-Office", "(37) 788-063"),  # a label glued on with a dash
    ("Portugal 30971\n21 253 109 8211-Office", "21 253 109 8211"),
    ("85 175 7641-Office, 3660170548-Fax", "3660170548"),
    ("no message on my registered 0961-7596216. Could you", "0961-7596216"),
])
def test_international_phones_with_labels(text, value):
    assert ("PHONE", value) in analyze(PhoneFaxRecognizer(), text)


def test_ranges_and_record_numbers_are_not_phones():
    assert analyze(PhoneFaxRecognizer(), "MRN 3660170548; glucose 110-120; BP 120/80") == set()


@pytest.mark.parametrize("text", ["pt.in bed resting", "given.no change", "lasix.is given", "ns.at 75cc/hr",
                                  "K 3.2.repleted", "#2 piv, #18 foley"])
def test_notes_typed_without_spaces_hold_no_web_address(text):
    assert analyze(UrlRecognizer(), text) == set()


@pytest.mark.parametrize("text, value", [
    ("see our website klinik-nord.de for hours", "klinik-nord.de"), ("hedda-larsen.no", "hedda-larsen.no"),
    ("forms at example.de/kontakt", "example.de/kontakt"), ("mail me via caringbridge.com", "caringbridge.com"),
])
def test_domains_with_word_tlds_need_a_cue_a_path_or_a_name(text, value):
    assert ("URL", value) in analyze(UrlRecognizer(), text)
