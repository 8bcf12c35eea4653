"""Plans agree with the medication list: no 'Increase sertraline' beside bupropion."""

from synth.generate import drugs


def test_a_kept_or_changed_drug_must_be_on_the_list():
    assert not drugs.fits_list("Increase sertraline; PHQ-9 today 9.", ["bupropion xl"])
    assert drugs.fits_list("Increase sertraline; PHQ-9 today 9.", ["sertraline"])
    assert drugs.fits_list("continue metoprolol as heart rate allows", ["metoprolol succinate"])
    assert not drugs.fits_list("hold furosemide 40 mg", [])


def test_a_started_drug_may_be_new_but_not_a_second_of_a_listed_class():
    assert drugs.fits_list("start apixaban; CHA2DS2-VASc 4", ["aspirin"])
    assert not drugs.fits_list("start apixaban; CHA2DS2-VASc 4", ["warfarin"])


def test_generic_words_are_not_drugs():
    assert drugs.named("IV fluids at 100 mL/h; insulin per sliding scale") == []
    assert drugs.named("Continue Atorvastatin and metoprolol") == ["atorvastatin", "metoprolol"]
    assert drugs.order_drug("metoprolol succinate 25 mg PO daily") == "metoprolol succinate"


def test_an_allergy_never_names_a_listed_drug_or_its_class():
    assert not drugs.spares_list("Penicillin (rash).", ["amoxicillin-clavulanate"])
    assert not drugs.spares_list("Statins (muscle aches).", ["atorvastatin"])
    assert not drugs.spares_list("Cephalexin (hives); codeine (itching).", ["cephalexin"])
    assert drugs.spares_list("Sulfa drugs (hives).", ["metformin", "lisinopril"])


def test_a_class_named_in_a_plan_agrees_with_the_list():
    assert drugs.fits_list("monitor potassium on ACE inhibitor", ["lisinopril"])
    assert not drugs.fits_list("monitor potassium on ACE inhibitor", ["amlodipine"])
    assert drugs.fits_list("start an SGLT2 inhibitor given kidney and cardiac benefit", ["metformin"])
    assert not drugs.fits_list("start an SGLT2 inhibitor given kidney and cardiac benefit", ["dapagliflozin"])


def test_a_plan_never_starts_a_drug_the_list_already_carries():
    assert not drugs.fits_list("add amlodipine 5 mg daily", ["amlodipine"])
    assert not drugs.fits_list("start metformin 500 mg BID", ["metformin"])
    assert drugs.fits_list("continue amlodipine 5 mg daily", ["amlodipine"])
    assert drugs.fits_list("hold amlodipine given swelling", ["amlodipine"])
    assert drugs.fits_list("add amlodipine 5 mg daily", ["lisinopril"])
