"""clinical.yaml meds_by_code and banks/meds.yaml classes: every order a condition brings is a
sig the renderer can write, names no condition, keeps to one drug per class, and a drug of an
allergy class is in that class so an allergy line never names a listed drug."""

import random
import re

import pytest

from synth.generate import banks, drugs, grammar
from synth.generate.guard import FillerGuard
from synth.generate.measurements import clinical, med_orders


def _expansions(order: str, times: int = 12) -> set[str]:
    rng = random.Random(0)
    return {grammar.expand(order, rng) for _ in range(times)}


def _all_orders() -> list[tuple[str, str]]:
    """(code prefix or "default", expanded order) for every order of both banks."""
    pairs = [(code, text) for code, orders in clinical()["meds_by_code"].items() for o in orders for text in _expansions(o)]
    pairs += [("default", text) for o in banks.load("meds")["default"] for text in _expansions(o)]
    return pairs


def test_every_order_expands_to_a_drug_dose_and_sig():
    for code, order in _all_orders():
        assert "{" not in order and "}" not in order, (code, order)
        assert drugs.order_drug(order), (code, order)  # a drug name before the dose
        # a dose, or an order written without one: "per protocol", "titrated to", a topical
        assert re.search(r"\d", order) or re.search(r"\b(per|titrated|topically|rinse)\b", order), (code, order)


def test_no_order_opens_with_a_sig_word():
    # "IV normal saline" renders as "Intravenously normal saline ..." at the start of a line
    sig_words = set(banks.load("meds")["sig"])
    for code, order in _all_orders():
        assert order.split()[0] not in sig_words, (code, order)


def test_no_order_names_a_condition(full_index):
    # medication lines are written unguarded: an indication ("PRN nausea", "PRN wheezing") would
    # be a code the labeller reads and the note never meant
    guard = FillerGuard(full_index)
    assert not guard.clean("ondansetron 4 mg PO q8h PRN nausea")  # the check can fail
    dirty = [(code, order) for code, order in _all_orders() if not guard.clean(order)]
    assert dirty == []


# drugs of the classes an allergy line names (templates.yaml allergies), by their stems
_ALLERGY_FAMILIES = {
    "beta_lactam": lambda d: d.startswith(("cef", "amoxicillin", "ampicillin", "penicillin", "nafcillin", "piperacillin"))
    or "penem" in d,
    "sulfonamide": lambda d: re.search(r"sulfa(?!te)", d) is not None,  # not ferrous or magnesium sulfate
    "statin": lambda d: d.endswith("vastatin"),
    "opioid": lambda d: d.startswith(("oxycodone", "hydrocodone", "morphine", "hydromorphone", "tramadol", "codeine",
                                      "methadone", "buprenorphine", "fentanyl")),
}


def test_every_drug_of_an_allergy_family_is_in_its_class():
    for code, order in _all_orders():
        drug = drugs.order_drug(order)
        for family, belongs in _ALLERGY_FAMILIES.items():
            if belongs(drug):
                assert drugs.drug_class(drug) == family, (code, drug)


@pytest.mark.parametrize("allergy, listed", [
    ("Codeine (intolerance).", ["oxycodone"]),
    ("Penicillin (rash); tramadol (itching).", ["hydromorphone"]),
    ("Penicillin (rash).", ["ampicillin-sulbactam"]),
    ("Penicillin (rash).", ["penicillin g benzathine"]),
    ("Sulfa drugs (hives).", ["sulfadiazine"]),
])
def test_an_allergy_line_is_never_written_beside_a_listed_drug_of_its_class(allergy, listed):
    assert not drugs.spares_list(allergy, listed)


def test_a_list_holds_one_drug_of_each_class():
    # pain, opioid use disorder and a kidney stone each bring an opioid; HIV and zoster an antiviral
    codes = ["R52", "F11.20", "N20.0", "G89.29", "C80.0", "B02.9", "C90.00", "F10.20", "F23", "F05"]
    classes = {name: cls for cls, names in banks.load("meds")["classes"].items() for name in names}
    for seed in range(40):
        orders = med_orders(codes, random.Random(seed))
        keys = [classes.get(d, classes.get(d.split()[0], d)) for d in map(drugs.order_drug, orders)]
        assert len(keys) == len(set(keys)), orders


@pytest.mark.parametrize("code", ["B96.81", "A15.0", "K51.90", "F17.210", "E87.5", "Z85.3", "N32.81", "R52"])
def test_a_covered_code_brings_a_drug_of_its_entry(code):
    entry = [o for group in banks.matching(clinical()["meds_by_code"], [code]) for o in group]
    names = {drugs.order_drug(text) for o in entry for text in _expansions(o, 30)}
    for seed in range(10):
        listed = {drugs.order_drug(o) for o in med_orders([code], random.Random(seed))}
        assert listed & names, (code, listed)


def test_history_codes_bring_only_the_maintenance_drug_they_imply():
    # a history of colon or lung cancer brings no drug; thyroid cancer brings levothyroxine
    table = clinical()["meds_by_code"]
    assert not banks.matching(table, ["Z85.038"]) and not banks.matching(table, ["Z85.118"])
    assert not banks.matching(table, ["Z87.891"])
    assert all("levothyroxine" in o for group in banks.matching(table, ["Z85.850"]) for o in group)


def test_frequency_words_are_only_frequencies():
    # the renderer respells "daily" and "weekly" ("every morning", "once weekly"): "5 times daily"
    # or "up to 8 mg daily" would print as "5 times every morning", "up to 8 mg qday"
    for code, order in _all_orders():
        assert not re.search(r"\b(times|twice|up to \d+ \w+) (daily|weekly|nightly|BID|TID|QID)\b", order), (code, order)


def test_a_condition_name_is_not_read_as_a_listed_drug():
    # "nicotine lozenge" is listed for nicotine dependence; the diagnosis "Nicotine dependence:
    # start varenicline" names no drug but varenicline
    assert drugs.named("Nicotine dependence: start varenicline 0.5 mg daily") == ["varenicline"]
    assert drugs.named("saline irrigation; calcium and vitamin D") == []
