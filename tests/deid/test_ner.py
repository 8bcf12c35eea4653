"""deid/recognizers/ner.py through the detector: spaCy entities filtered for clinical noise."""

from tests.deid.detector_fixtures import found, shared_detector


def test_person_and_place_entities_become_phi():
    text = "Yesterday Marguerite Okafor flew in from Toronto with her sister."
    spans = found(shared_detector().detect(text), text)
    assert any(label == "NAME" and "Okafor" in value for label, value in spans)
    assert ("LOCATION", "Toronto") in spans


def test_clinical_words_are_not_names_or_places():
    text = ("FINDINGS:\nCardiomegaly. Glucose 140. LUNGS: BIBASILAR CRACKLES, NO WHEEZE.\n"
            "Hx of Parkinson disease; Foley catheter placed. LAD stenosis. PERRLA.\n"
            "Pain 4/10. BP 117/94. Recheck in 2-3 days.")
    assert shared_detector().detect(text) == []


def test_one_word_clinical_terms_are_not_names_or_places():
    from deid.recognizers.ner import NerRecognizer

    ner = NerRecognizer()
    for word in ("Noncontributory", "Esophagogastroduodenoscopy", "Gastroparesis", "Hepatosplenomegaly"):
        assert ner._clinical_term(word), word
    for name in ("Okonkwo", "Petric", "Ivan Petric"):  # "-ic" is no clinical ending: Slavic surnames
        assert not ner._clinical_term(name), name


def test_one_word_names_before_an_instrument_or_procedure_are_eponyms():
    from deid.recognizers.ner import NerRecognizer

    ner = NerRecognizer()
    for text, word in (("Via modified Seldinger technique, the", "Seldinger"), ("Hasson cannula was inserted", "Hasson"),
                       ("bidirectional Glenn shunt", "Glenn"), ("with a McPherson forceps", "McPherson")):
        end = text.index(word) + len(word)
        assert ner.eponym_after.match(text, end), text
    for text, word in (("Okafor placed the catheter", "Okafor"), ("seen by Dr. Glenn today", "Glenn")):
        assert not ner.eponym_after.match(text, text.index(word) + len(word)), text


def test_a_name_needs_a_name_like_word():
    from deid.recognizers.ner import NerRecognizer

    ner = NerRecognizer()
    # everyday words no name dictionary lists: titles, phrases, drug brands WordNet knows
    for phrase in ("Salesperson", "Discipline", "Pitocin", "Tagamet", "Throat", "Appearance"):
        assert not ner._name_evidence(phrase), phrase
    # a word WordNet knows only as a famous person still counts when a name list has it
    for name in ("Okafor", "Kleist", "Freud", "Mark Brown", "Hope"):
        assert ner._name_evidence(name), name


def test_brands_in_a_products_place_are_not_names_but_people_there_stay():
    from deid.recognizers.ner import NerRecognizer

    ner = NerRecognizer()
    brand = (("closed with 0 Vicrylon in a running fashion", "Vicrylon"),   # suture gauge before
             ("sutures #4-0 Teflonex were used", "Teflonex"),
             ("40 mg of Kenadrol was injected", "Kenadrol"),                 # a dose before
             ("a trial of Nitrolex was begun", "Nitrolex"),
             ("Zetorin 10 mg daily", "Zetorin"),                              # a dose after
             ("Hydrocet Elixir for pain", "Hydrocet"),                        # a dosage form after
             ("Bivalor bolus was started", "Bivalor"),
             ("Vastorel at an unknown dose", "Vastorel"))
    for text, word in brand:
        start = text.index(word)
        assert ner._in_product_context(word, text, start, start + len(word)), text
    person = (("seen with Okafor in clinic", "Okafor"),                      # no product context
              ("daughter Anna 10 mg given", "Anna"))                            # a given name stays a name
    for text, word in person:
        start = text.index(word)
        assert not ner._in_product_context(word, text, start, start + len(word)), text


def test_place_named_instruments_and_cited_authors_are_not_phi():
    from tests.deid.detector_fixtures import shared_detector

    detector = shared_detector()
    for text, word in (("A Philadelphia collar was applied to the neck.", "Philadelphia"),
                       ("The method described by Kowalczyk et al. was used.", "Kowalczyk")):
        spans = found(detector.detect(text), text)
        assert not any(word in value for _, value in spans), (text, spans)
    for text, word in (("She moved to Philadelphia in May with her son.", "Philadelphia"),
                       ("Ms. Kowalczyk was seen today.", "Kowalczyk")):
        spans = found(detector.detect(text), text)
        assert any(word in value for _, value in spans), (text, spans)


def test_a_clinical_prefix_on_a_known_word_is_a_clinical_term_not_a_surname():
    from deid.recognizers.ner import NerRecognizer

    ner = NerRecognizer()
    for word in ("Transthoracic", "Multilobular", "Nonpalpable", "Hyperpigmented"):
        assert ner._clinical_term(word), word
    for surname in ("Subramanian", "Interlandi", "Paradis", "Endicott", "Hyperion", "Transue", "Peralta"):
        assert not ner._clinical_term(surname), surname


def test_all_caps_section_headings_are_not_names_but_names_in_caps_stay():
    from deid.recognizers.ner import NerRecognizer

    ner = NerRecognizer()

    def heading(text, value):
        start = text.index(value)
        return ner._section_header(value, text, start, start + len(value))

    # spaCy's PERSON guesses inside headings (MTSamples dev shapes, invented text)
    assert heading("was measured.,AORTIC ARCH ANGIOGRAM:, Next, a catheter", "ARCH ANGIOGRAM")
    assert heading("CHIEF COMPLAINT - REASON FOR VISIT: ,Pelvic pain", "CHIEF COMPLAINT - REASON")
    assert heading("CHIEF COMPLAINT / REASON FOR THE VISIT:, Pain", "CHIEF COMPLAINT / REASON")
    # a name in capitals after a field's colon, in a sentence, or after a title stays a name
    assert not heading("PCP: JOHN ARCHER\nSEEN TODAY.", "JOHN ARCHER")
    assert not heading("SEEN BY JOHN ARCHER TODAY.", "JOHN ARCHER")
    assert not heading("DR. ARCHER: patient seen and examined", "ARCHER")
    assert not heading("John Archer: seen today", "John Archer")  # not in capitals: no heading evidence
