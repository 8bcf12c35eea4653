"""deid/recognizers/ner_clinical.py: clinical readings of spaCy entities, each kind with the false
flag that must go AND real PHI of the same shape that must stay (generated text)."""

import pytest

from tests.deid.detector_fixtures import found, shared_detector


@pytest.fixture(scope="module")
def ner():
    from deid.recognizers.ner import NerRecognizer

    return NerRecognizer()


def _reading(ner, text: str, word: str, occurrence: int = 0) -> bool:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    return ner._clinical_reading(word, text, start, start + len(word))


def test_eponyms_read_as_tests_signs_and_spaces_but_a_titled_person_stays(ner):
    for text, word in (("Culture for TB: Lowenstein negative after six weeks.", "Lowenstein"),
                       ("flank tender, Blumberg positive, no guarding", "Blumberg"),
                       ("clear cell carcinoma, Fuhrman nuclear grade IV", "Fuhrman"),
                       ("The space of Retzius is then dissected.", "Retzius"),
                       ("angle grade II according to Schaffer.", "Schaffer"),
                       ("energy need by the Harris-Benedict formula", "Harris-Benedict"),
                       ("a Meckel's diverticulum was found", "Meckel"),
                       ("biopsy showed Waldenström macroglobulinemia", "Waldenström")):
        assert _reading(ner, text, word), text
    for text, word in (("Mr. Lowenstein negative for chest pain today.", "Lowenstein"),   # a title vouches
                       ("daughter Blumberg positive she saw him fall", "Blumberg"),
                       ("Parkinson came to clinic with his wife.", "Parkinson"),          # no eponym reading
                       ("Lowenstein had a test of his hearing", "Lowenstein"),            # function words between
                       ("Mary Fuhrman called back", "Mary Fuhrman")):
        assert not _reading(ner, text, word), text


def test_the_eponym_list_comes_from_icd10cm_and_holds_no_everyday_word():
    from deid.eponyms import eponyms, is_eponym

    for word in ("Parkinson's", "hodgkin", "Kaposi", "Waldenström", "Meckel"):
        assert is_eponym(word), word
    for word in ("athlete", "caregiver", "bullous", "chronic", "patient"):
        assert not is_eponym(word), word
    assert len(eponyms()) > 500


def test_foreign_and_misspelled_drug_and_lab_names_but_no_surname(ner):
    from deid.recognizers.ner_clinical import clinical_word_shape, near_clinical_word

    for word in ("Sulfadiacin", "Dacarbacin", "Cromogranin", "Diazapam", "Pseudomona", "Sulfamethoxa"):
        assert near_clinical_word(word), word
    for word in ("Spermogram", "Omphalorrhexis", "Equinococcus", "Biomicroscopically"):
        assert clinical_word_shape(word), word
    for surname in ("Anderson", "Kowalczyk", "Marquez", "Hernandez", "Okonkwo", "Christine", "Sabrina", "Medina"):
        assert not near_clinical_word(surname) and not clinical_word_shape(surname), surname


def test_mixed_case_abbreviations_but_not_mc_mac_de_la_names():
    from deid.recognizers.ner_clinical import inner_capitals

    for word in ("PegINF", "antiHBs", "kPabin", "AlJs"):
        assert inner_capitals(word), word
    for name in ("McKay", "MacDonald", "DeShawn", "LaToya", "O'Neil", "Okafor", "DiMaggio"):
        assert not inner_capitals(name), name


def test_lab_names_before_values_lists_of_drugs_and_species(ner):
    for text, word in (("Hb 12.9 g/dL, Hto 29.6%, platelets normal", "Hto"),
                       ("Leuc 13.800/μL with neutrophilia", "Leuc"),
                       ("on Ciprofloxacin, Paracetamol, Enantyum and Allopurinol.", "Enantyum"),
                       ("Serology CMV, EBV, Ritsias, Toxoplasma negative", "Ritsias"),
                       ("Culture is positive for Candida krusei, so", "Candida krusei"),
                       ("Alpha-fetoprotein: 6 ng/ml", "Alpha")):
        assert _reading(ner, text, word), text
    for text, word in (("daughter Anna 10.5 years old", "Anna"),                     # a cue, a given name
                       ("his sons Okafor and Adebayo visited", "Okafor"),             # no clinical neighbour
                       ("Ludwig van Beethoven Hospital", "Ludwig van Beethoven")):    # a name particle
        assert not _reading(ner, text, word), text


def test_makers_in_a_product_tuple_but_not_people_in_parentheses(ner):
    for text, word in (("brinzolamide (Azopt®, Alcon Cusi, Barcelona, Spain) twice daily", "Alcon Cusi"),
                       ("tomography (Humphrey Zeis, model 745) showed", "Humphrey Zeis"),
                       ("eye drops (Tobrex, Alcon Cusi, Barcelona) and", "Alcon Cusi"),
                       ("monitored (ppm plus, Bedfont Scientific Ltd, Kent, England)", "Kent")):
        assert _reading(ner, text, word), text
    for text, word in (("called her sister (Maria Lopez, lives nearby) today", "Maria Lopez"),
                       ("moved to Barcelona with her husband in May", "Barcelona")):
        assert not _reading(ner, text, word), text


def test_nursing_shorthand_is_no_name_evidence_but_a_real_name_beside_it_is(ner):
    assert not ner._name_evidence("HO AWARE")
    text = "GU- foley patent, uo 70cc/hr"                    # a lower-case clinical word inside
    assert _reading(ner, text, "GU- foley patent")
    for name in ("Kim Ho", "Foley Okafor", "Hope"):
        assert ner._name_evidence(name), name


def test_case_report_text_loses_its_clinical_flags_and_keeps_its_people():
    text = ("Culture for TB: Lowenstein negative. Treated with Sulfadiacin and Dacarbacin; Hto 29.6%.\n"
            "Brinzolamide (Azopt®, Novartis SA, Barcelona, Spain) was started.\n"
            "Mr. Lowenstein and his daughter Maria Fuhrman drove him from Springfield on March 3, 2021.")
    spans = found(shared_detector().detect(text), text)
    values = " | ".join(value for _, value in spans)
    for clinical in ("Sulfadiacin", "Dacarbacin", "Hto", "Novartis"):
        assert clinical not in values, spans
    assert any("Lowenstein" in v for _, v in spans), spans      # the titled one
    assert any("Fuhrman" in v for _, v in spans), spans         # the daughter
    assert any(label == "DATE" for label, _ in spans), spans


def test_instrument_eponyms_dressings_prefixed_terms_and_everyday_words(ner):
    for text, word in (("polyps were removed using the Richards essential shaver.", "Richards"),
                       ("An Armstrong grommet tube was placed", "Armstrong"),
                       ("Dressings of Adaptic, 4x4s, ABDs, and Webril were applied", "Adaptic"),
                       ("Subacromially, the bursa was inflamed", "Subacromially"),
                       ("Resectoscope was then removed", "Resectoscope"),
                       ("Mesosalpinx was divided with cautery", "Mesosalpinx"),
                       ("increased signal on the Proton density weighted images", "Proton"),
                       ("600 ml deficit of lactated Ringer's via IV", "Ringer")):
        assert _reading(ner, text, word), text
    for text, word in (("Mary Richards essential to her care, visited", "Mary Richards"),   # a given name
                       ("the care that he received at Promise and thought", "Promise"),    # a facility after "at"
                       ("She moved from Kalamazoo last year", "Kalamazoo")):               # WordNet knows towns
        assert not _reading(ner, text, word), text


def test_operative_products_role_words_lead_verbs_and_month_words_but_people_stay():
    clinical = ("Baby was bulb suctioned.  Gave the handout to Mom and Dad.  Utilizing Endoclips, the duct was "
                "clipped.  The Thornton fixation ring was used.  The chest was entered with the Alexander "
                "instrument.  Westergren sedimentation rate of 47.  Left-sided port with Groshong tip at the SVC.  "
                "TED hose were placed.  He worked as a chef for almost seven decades.  May also need Singulair.\n")
    people = ("Mrs. Okafor called.  Baby Alexander Morales was born on May 3, 2021.  His mother, Maria, "
              "brought him from Springfield in December.")
    text = clinical + people
    spans = shared_detector().detect(text)
    assert [text[s.start:s.end] for s in spans if s.start < len(clinical)] == []
    values = [text[s.start:s.end] for s in spans]
    for person in ("Okafor", "Alexander Morales", "Maria", "Springfield", "May 3, 2021", "December"):
        assert any(person in v for v in values), (person, values)
