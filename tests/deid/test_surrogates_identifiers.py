import random
import re

from deid.surrogates.context import SurrogateContext
from deid.surrogates.identifiers import build_mrn_map, normalize_id, surrogate_identifier, surrogate_mrn, surrogate_ssn

CTX = SurrogateContext(key=b"k1", patient_id="p1")


def shape(value):
    return re.sub(r"[A-Z]", "A", re.sub(r"[a-z]", "a", re.sub(r"\d", "9", value)))


def test_ids_keep_length_and_shape():
    for real in ("AB-1234567", "hp0042x", "4111 1111 1111 1111"):
        fake = surrogate_identifier(real, CTX)
        assert shape(fake) == shape(real) and fake != real
    ssn = surrogate_ssn("123-45-6789", CTX)
    assert re.fullmatch(r"\d{3}-\d{2}-\d{4}", ssn) and ssn != "123-45-6789" and not ssn.startswith(("000", "666", "9"))


def test_mrns_are_sequential_stable_and_shape_preserving():
    mapping = build_mrn_map(["00482913", "MR-7731", "00482913"], random.Random(0))
    assert mapping == {"00482913": "00000001", "MR7731": mapping["MR7731"]}
    assert mapping["MR7731"][2:] == "-0002" and mapping["MR7731"][:2].isalpha()
    ctx = SurrogateContext(key=b"k1", patient_id="p1", mrn_map=mapping)
    assert surrogate_mrn("00482913", ctx) == "00000001"
    assert surrogate_mrn("mr-7731", ctx) == mapping[normalize_id("MR-7731")]
