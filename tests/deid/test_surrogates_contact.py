import re

from deid.surrogates.ages import surrogate_age
from deid.surrogates.contact import surrogate_email, surrogate_ip, surrogate_phone
from deid.surrogates.context import SurrogateContext

CTX = SurrogateContext(key=b"k1", patient_id="p1")


def test_phone_keeps_layout_and_is_valid_nanp():
    for patient in range(20):
        ctx = SurrogateContext(key=b"k1", patient_id=str(patient))
        out = surrogate_phone("(617) 555-0123", ctx)
        area, exchange, line = re.fullmatch(r"\((\d{3})\) (\d{3})-(\d{4})", out).groups()
        assert area[0] in "23456789" and exchange[0] in "23456789" and area[1:] != "11"
    out = surrogate_phone("+1 617.555.0123 ext 99", CTX)
    assert re.fullmatch(r"\+1 \d{3}\.\d{3}\.\d{4} ext \d{2}", out) and "617.555.0123" not in out


def test_email_and_ip():
    email = surrogate_email("jane.doe@gmail.com", CTX)
    assert re.fullmatch(r"[a-z]{4}\.[a-z]{3}@example\.(com|org|net)", email)
    assert surrogate_ip("192.168.1.5", CTX).startswith("10.")


def test_ages_over_89_become_90_plus():
    assert surrogate_age("92-year-old", CTX) == "90+-year-old"
    assert surrogate_age("age 101", CTX) == "age 90+"
    assert surrogate_age("75", CTX) == "75"
