"""deid/recognizers/address_block.py: the rest of an address after its street."""

import pytest

from deid.recognizers.address_block import address_tail_end, confirms_street, names_country
from deid.recognizers.street_address import StreetAddressRecognizer
from tests.deid.detector_fixtures import analyze


def tail(text: str, street: str) -> str:
    end = text.index(street) + len(street)
    return text[end:address_tail_end(text, end)]


@pytest.mark.parametrize("text, street, expected", [
    # lines below up to the one with the postcode, whatever sits between ("SK", "nan")
    ("Billing address: X\n    28245 Puruntie 82 Apt. 595\n   LAPPEENRANTA\n    SK\n    53650\nThanks",
     "Puruntie 82", " Apt. 595\n   LAPPEENRANTA\n    SK\n    53650"),
    # quoted / bulleted blocks, closed by a country line
    ("??? 83854 Strickstrasse 61\n??? Suite 292\n??? Zuoz\n??? Switzerland 53730\n??? Mobile: 1",
     "Strickstrasse 61", "\n??? Suite 292\n??? Zuoz\n??? Switzerland 53730"),
    # same line after commas
    ("lives at 86036 Rua do Arenque 1634, Goiânia", "Arenque 1634", ", Goiânia"),
    ("50668 Kiannonkatu 98 Apt. 105, ISHAM, United Kingdom\nMobile: 03", "Kiannonkatu 98", " Apt. 105, ISHAM, United Kingdom"),
    # the closing line ends at its postcode
    ("Unit 4719 Box 7394\nDPO AP 70942 in case of an issue.", "Box 7394", "\nDPO AP 70942"),
    # no closing line: only lines that read as places
    ("2224 Trenerys gate 232\n Apt. 342\n TRONDHEIM\n\nThanks", "gate 232", "\n Apt. 342\n TRONDHEIM"),
])
def test_address_tail(text, street, expected):
    assert tail(text, street) == expected


@pytest.mark.parametrize("text, street", [
    ("lives at 45 Oak Avenue with her husband", "Oak Avenue"),
    ("1234 Main St\nMRN: 123456\nDOB 1/1/1950", "Main St"),  # a field label ends the block
    ("1234 Main St\n(555) 123-4567", "Main St"),  # a phone ends the block
    ("1234 Main St\n\nSpringfield, IL 62704", "Main St"),  # a blank line ends the block
])
def test_address_tail_stops(text, street):
    assert tail(text, street) == ""


def test_numbered_street_needs_a_unit_or_a_town_and_postcode():
    assert confirms_street("X\nNicosia\n, NI\n 61089", 1, 21)
    assert confirms_street(" Suite 932", 0, 10)
    assert not confirms_street("\n2 Metformin 1000", 0, 17)
    assert not confirms_street("\nMetformin 1000 mg\nAspirin", 0, 26)  # no postcode ends a line
    assert confirms_street("\nANNERSTAD nan 340 12", 0, 21)  # the town before the postcode
    found = analyze(StreetAddressRecognizer(), "Smith Ltd.\n30102 Kaevu 94\nNicosia\n, NI\n 61089\n28-64-66-98 office")
    assert ("LOCATION", "30102 Kaevu 94") in found
    assert ("LOCATION", "\nNicosia\n, NI\n 61089") in found


def test_country_names():
    assert names_country("Cyprus") and names_country("ISHAM, United Kingdom") and names_country("Norway", whole=True)
    assert not names_country("Springfield") and not names_country("in Norway today", whole=True)


def test_capitalised_town_after_a_street_and_a_comma():
    """A street and a comma vouch for a capitalised town that is also an everyday word."""
    text = "We'll meet Thursday at Recargo, 73111 31 Seneca Place, Marshland"
    assert tail(text, "Seneca Place") == ", Marshland"
    assert tail("lives at 45 Oak Street, Apt 4, Springfield. Denies tobacco", "Oak Street") == ", Apt 4, Springfield"
    assert tail("lives at 45 Oak Street, and smokes", "Oak Street") == ""  # a stop word is no town


@pytest.mark.parametrize("text, town", [
    ("The title refers to 1668 Glyn St street in Highveld. It was", "Highveld"),
    ("lives at 45 Oak St in Springfield with wife", "Springfield"),
])
def test_town_after_a_street_and_in(text, town):
    assert ("LOCATION", town) in analyze(StreetAddressRecognizer(), text)


def test_no_town_after_a_street_and_a_lower_case_word():
    assert analyze(StreetAddressRecognizer(), "lives at 45 Oak St in the city") == {("LOCATION", "45 Oak St")}


@pytest.mark.parametrize("text, street, expected", [
    # after a bare space, words after the postcode: no tail ("City ST 12345" is city_state.py's)
    ("He lives at 1234 Elm Street Springfield IL 62704 with his wife.", "Elm Street", ""),
    ("He lives at 1234 Elm Street, Springfield IL 62704 with his wife.", "Elm Street", ", Springfield IL 62704"),
    ("Write to Kiannonkatu 98, 00100 Helsinki please.", "Kiannonkatu 98", ", 00100 Helsinki"),
    ("Vitals: HR 100 RR 16 Wt 211 pounds", "RR 16", ""),  # words after a "postcode" after a bare space
])
def test_an_address_part_ends_at_its_postcode_or_the_town_after_it(text, street, expected):
    assert tail(text, street) == expected
