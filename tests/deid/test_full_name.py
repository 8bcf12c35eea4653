"""deid/recognizers/full_name.py: cue-less names from dictionaries, capitals and surname endings."""

import pytest

from deid.recognizers.full_name import FullNameRecognizer
from tests.deid.detector_fixtures import analyze


@pytest.fixture(scope="module")
def full_names():
    return FullNameRecognizer()


@pytest.mark.parametrize("text, name", [
    ("Have you been to a Ravil G Yefimov concert?", "Ravil G Yefimov"),  # undotted middle initial
    ("emidio p lombardo\ngarcia-smith", "emidio p lombardo"),  # lower case, both dictionary names
    ("Esat Jeknić\nMarshall and Sons", "Esat Jeknić"),  # a surname ending vouches for the pair
    ("Tomomi is from Hawkins", "Tomomi"),  # a given name WordNet does not know, even first in a line
    ("It may be too that Kaczmarek was influenced", "Kaczmarek"),  # Census surname
    ("Unlike Ásgeirsdóttir, it is short.", "Ásgeirsdóttir"),  # surname ending only
    ("the verses from Dratchev are long", "Dratchev"),
    ("It was between him and Asya's kid", "Asya"),  # possessive left outside the span
])
def test_cue_less_names(full_names, text, name):
    assert ("NAME", name) in analyze(full_names, text)


@pytest.mark.parametrize("text", [
    "Will Grant see the Heart Team? May is fine.",  # everyday-word names need a cue
    "The Princess Royal arrived this morning.",  # a Census surname that is an everyday word
    "She has tried Claritin, and Zyrtec with Metoprolol.",
    "Patient with Parkinson's disease and a Foley catheter.",  # deny list
    "HEENT: NORMOCEPHALIC. NECK: SUPPLE.",  # capitals prove nothing
    "Vitamin D Deficiency and Hepatitis B Vaccine",  # middle letter between everyday words
])
def test_everyday_and_clinical_words_are_not_names(full_names, text):
    assert analyze(full_names, text) == set()


@pytest.mark.parametrize("text", [
    "The uterus was grasped with a Lahey clamp.",  # determiner and instrument head
    "Westcott scissors were used; Mayfield head holder placed.",
    "divided with an Endo GIA stapler",
    "Next, a Judkins left #4 catheter was advanced.",
    "Right McBride bunionectomy.",
    "Coord: unremarkable.",  # a section word before a header colon
])
def test_eponyms_of_instruments_and_sections_are_not_names(full_names, text):
    assert analyze(full_names, text) == set()


def test_a_name_before_a_verb_and_an_instrument_word_stays(full_names):
    assert ("NAME", "Kaczmarek") in analyze(full_names, "Kaczmarek placed a catheter.")


@pytest.mark.parametrize("text, name", [
    ("I want to add Irenke Sörös as a beneficiary", "Irenke Sörös"),  # letters beyond ASCII as evidence
    ("CEOs including Vidica Zakoč of a firm", "Vidica Zakoč"),
    ("Willemine ten Pas will be talking", "Willemine ten Pas"),  # a surname particle
])
def test_foreign_names_without_cues(full_names, text, name):
    assert ("NAME", name) in analyze(full_names, text)


@pytest.mark.parametrize("text", [
    "History of Ménière disease and Sjögren syndrome; Behçet excluded.",  # accented eponyms
    "Moved from Malmö last year.",  # a known place, not a person
    "Café au lait spots on the trunk.",  # an English word once accents are dropped
    "Polycythemia vera de novo.",
])
def test_accented_clinical_words_and_places_are_not_names(full_names, text):
    assert analyze(full_names, text) == set()


@pytest.mark.parametrize("text", [
    "Wechsler Adult Intelligence Scale, Fourth Edition (WAIS-IV)",   # capitalised words before the head
    "Mattis Dementia Rating Scale, 2nd Edition",
    "Using Dornier lithotriptor total of 2500 shocks were applied",
    "Using a small McIvor mouth gag mouth was held open.",          # one lower-case word before the head
    "with a modified Kessler tendon stitch", "Portnoy ventricular catheter.",
    "Sondergaard's groove was taken down.", "favorable Shimada histology",
    "The fascia was grasped with a curved Ochsner and", "6 French Judkins left coronary catheter",
    "TECHNIQUE OF PROCEDURE: Standard Judkins, right groin.",
])
def test_eponyms_with_modifiers_and_instrument_adjectives_are_not_names(full_names, text):
    assert not [r for r in full_names.analyze(text, ["NAME"])], text


@pytest.mark.parametrize("text, name", [
    ("Kaczmarek underwent hernia repair in 2010", "Kaczmarek"),   # a verb between: a person
    ("Tomomi needed catheter care at home", "Tomomi"),
    ("Kaczmarek tolerated the procedure well", "Kaczmarek"),
    ("seen with Tomomi, her daughter", "Tomomi"),
])
def test_names_before_verbs_and_clinical_words_stay(full_names, text, name):
    assert ("NAME", name) in analyze(full_names, text)


@pytest.mark.parametrize("text", [
    "Continue the amoxicillin.  Add Septra DS every morning.",          # a drug after an imperative
    "using a LISS Synthes femoral locking plate",                       # a product
    "reinforced with silk sutures as described by Rowland, et al, and",  # a cited author
    "Milk of Magnesia 30 cc daily, and Amanda 10 mg b.i.d.",            # a word before a dose
    "I then divided the avascular plane of Treves along the ileum.",    # an eponym after "<head> of"
    "It is a size 8 Shiley nonfenestrated.",                            # a product after a size
    "The patient's Mayfield tongue was fixated.  2.  McCall's culdoplasty.",  # product, procedure
    "LENS IMPLANT USED:,  Alcon, model SN60WF, power of 22.5 diopters.",      # a maker
])
def test_drugs_products_and_cited_authors_are_no_names(full_names, text):
    assert analyze(full_names, text) == set(), text


@pytest.mark.parametrize("text, name", [
    ("Carly Jones was seen by Kaczmarek today.", "Carly Jones"),
    ("Kaczmarek, her neighbour, drove her in.", "Kaczmarek"),
    ("Rowland and Carly Jones came in.", "Carly Jones"),
    ("Kaczmarek 10 years ago had a fall.", "Kaczmarek"),
    ("Mr. Mac Uiginn was present.", "Mac Uiginn"),     # "Mac" is a name as well as a deny word
])
def test_names_beside_the_same_shapes_stay(full_names, text, name):
    assert ("NAME", name) in analyze(full_names, text)
