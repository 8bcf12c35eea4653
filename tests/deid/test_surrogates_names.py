from deid.surrogates.context import SurrogateContext
from deid.surrogates.names import _gender_pool, surrogate_name
from faker.providers.person.en_US import Provider as PersonProvider


def ctx(patient="p1", key=b"k1"):
    return SurrogateContext(key=key, patient_id=patient)


def test_parts_map_coherently_and_case_follows_input():
    full = surrogate_name("John Smith", ctx())
    first, last = full.split()
    assert {first, last}.isdisjoint({"John", "Smith"})
    assert surrogate_name("Smith", ctx()) == last
    assert surrogate_name("SMITH, JOHN", ctx()) == f"{last.upper()}, {first.upper()}"
    assert surrogate_name("smith", ctx()) == last.lower()
    assert surrogate_name("Dr. Smith", ctx()) == f"Dr. {last}"


def test_gender_is_kept_for_known_first_names():
    male = {n.lower() for n in PersonProvider.first_names_male}
    female = {n.lower() for n in PersonProvider.first_names_female}
    for patient in ("a", "b", "c", "d"):
        assert surrogate_name("Margaret", ctx(patient)).lower() in female
        assert surrogate_name("Gregory", ctx(patient)).lower() in male
    assert _gender_pool("zzyzx") is None


def test_consistent_per_patient_different_across_patients_and_keys():
    assert surrogate_name("Eleanor Vance", ctx("p1")) == surrogate_name("Eleanor Vance", ctx("p1"))
    others = {surrogate_name("Eleanor Vance", ctx(p)) for p in ("p2", "p3", "p4")}
    others |= {surrogate_name("Eleanor Vance", ctx("p1", key=b"other"))}
    assert len(others | {surrogate_name("Eleanor Vance", ctx("p1"))}) >= 4


def test_initials_and_titles():
    out = surrogate_name("J. R. Smith, MD", ctx())
    assert out.endswith(", MD") and out[1:3] == ". " and "Smith" not in out and out[0] != "J"


def test_two_letter_initials_stay_initials():
    out = surrogate_name("JS", ctx())
    assert len(out) == 2 and out.isupper() and out.isalpha() and out == surrogate_name("JS", ctx())
