"""devsets/mtsamples/annotate.py + build.fill on invented text in MTSamples' style (no ../shared)."""

from devsets.mtsamples.annotate import PLACEHOLDER, PRESENT, Annotator
from devsets.mtsamples.build import fill
from devsets.splits import text_key

TEXT = ("HISTORY OF PRESENT ILLNESS:,  Mr. Abc is a 58-year-old male who presented to ABCD General Hospital on "
        "08/19/03 with chest pain.  He was seen by Dr. XYZ and Dr. Hollander.  Dr. X's notes are reviewed.  "
        "Motor strength 5/5 bilaterally, 3/6 systolic murmur.  The XXX eye was prepped.  Weight XX grams.  "
        "New pulse generator, serial # ABCD1234.  He moved to Tucson in December 2009.  Hollander will follow.  "
        "Appendectomy in 1998.  His 92-year-old mother lives in Texas.")


def _found(annotator=None):
    annotator = annotator or Annotator(towns=frozenset({"Tucson"}))
    found, stats = annotator.annotate(TEXT)
    return {(TEXT[f.start:f.end], f.kind, f.origin) for f in found}, stats


def test_placeholders_are_classified_from_their_context():
    found, stats = _found()
    assert ("Abc", "person", PLACEHOLDER) in found
    assert ("ABCD General Hospital", "facility", PLACEHOLDER) in found
    assert ("XYZ", "clinician", PLACEHOLDER) in found
    assert ("X", "clinician", PLACEHOLDER) in found
    assert ("ABCD1234", "device", PLACEHOLDER) in found
    assert stats["not_phi"] == 2  # "XXX eye" and "XX grams" stand for a side and a weight
    assert not any(value in ("XXX", "XX") for value, _, _ in found)


def test_values_already_in_the_text():
    found, _ = _found()
    assert ("08/19/03", "date", PRESENT) in found
    assert ("December 2009", "month_year", PRESENT) in found
    assert ("Hollander", "clinician", PRESENT) in found      # after a title
    assert ("Hollander", "person", PRESENT) in found         # the same name elsewhere in the note
    assert ("Tucson", "town", PRESENT) in found              # a listed town after a place cue
    assert ("1998", "year", PRESENT) in found
    assert ("58", "age", PRESENT) in found and ("92", "age_over_89", PRESENT) in found
    assert ("Texas", "state", PRESENT) in found
    assert not any(value in ("5/5", "3/6") for value, _, _ in found)  # strengths and murmurs are no dates


def test_a_town_needs_the_list_and_a_cue_unless_the_cue_is_a_residence():
    text = "Recheck in Reno in four weeks.  She moved to Tucson in 2009."
    found, _ = Annotator(towns=frozenset()).annotate(text)
    assert {text[f.start:f.end] for f in found if f.kind == "town"} == {"Tucson"}
    found, _ = Annotator(towns=frozenset({"Reno", "Tucson"})).annotate(text)
    assert {text[f.start:f.end] for f in found if f.kind == "town"} == {"Reno", "Tucson"}


def test_fill_replaces_values_and_gold_points_at_the_surrogates():
    annotator = Annotator(towns=frozenset({"Tucson"}))
    found, _ = annotator.annotate(TEXT)
    note = {"key": text_key(TEXT), "text": TEXT, "source_ids": ["mts-0001"], "specialty": "Cardiology"}
    record = fill(note, found)
    out = record["text"]
    by_kind = {}
    for span in record["spans"]:
        by_kind.setdefault(span["kind"], []).append(out[span["start"]:span["end"]])
    assert "ABCD" not in out and "XYZ" not in out and "Abc" not in out and "Hollander" not in out
    assert "XXX eye" in out and "XX grams" in out                       # non-PHI placeholders stay
    assert by_kind["year"] == ["1998"] and by_kind["state"] == ["Texas"]  # strict-only: kept as written
    assert by_kind["facility"][0].endswith(" General Hospital")
    surrogate_names = by_kind["clinician"] + by_kind["person"]
    # the propagated surname got the same surrogate as its title-cued mention
    assert out.count(by_kind["clinician"][1]) >= 2
    assert all(name and name[0].isupper() for name in surrogate_names)
    assert fill(note, found) == record  # same note -> same surrogates


def test_surrogates_take_the_case_of_an_all_caps_note():
    text = "THE PATIENT WAS SEEN BY DR. XYZ AT ABCD GENERAL HOSPITAL ON 03/04/2005 FOR FOLLOWUP OF HIS KNEE PAIN."
    found, _ = Annotator().annotate(text)
    record = fill({"key": text_key(text), "text": text, "source_ids": [], "specialty": None}, found)
    values = [record["text"][s["start"]:s["end"]] for s in record["spans"]]
    assert len(values) == 3 and all(v == v.upper() for v in values)


def test_relatives_by_initial_date_placeholders_and_months_alone():
    text = ("ABCD presents with his mother, A, and her significant other, Pqr.  DOB:  MM/DD/YYYY.  "
            "Stress test in February of this year.  PMH: 1)8/92 evaluation for presyncope.  Strength 5/5.")
    found, _ = Annotator().annotate(text)
    got = {(text[f.start:f.end], f.kind) for f in found}
    assert {("A", "person"), ("Pqr", "person"), ("MM/DD/YYYY", "date"), ("February", "date"), ("8/92", "month_year")} <= got
    record = fill({"key": text_key(text), "text": text, "source_ids": [], "specialty": None}, found)
    assert "MM/DD/YYYY" not in record["text"]
    date = next(record["text"][s["start"]:s["end"]] for s in record["spans"] if s["kind"] == "date" and s["origin"] == PLACEHOLDER)
    assert len(date) == 10 and date[2] == date[5] == "/"


def test_residence_cue_makes_a_town_of_any_place_but_a_country():
    text = "On social history, he lives in San Salvador with his wife.  She was born in Mexico.  My patient, A, is here."
    found, _ = Annotator().annotate(text)
    got = {(text[f.start:f.end], f.kind) for f in found}
    assert ("San Salvador", "town") in got and ("A", "person") in got
    assert not any(value == "Mexico" for value, _ in got)


def test_a_title_and_initial_ending_a_sentence():
    text = "Intubation carried out by Dr. X. Both ears were inspected.  Injured in mid-June at work."
    found, _ = Annotator().annotate(text)
    got = {(text[f.start:f.end], f.kind) for f in found}
    assert ("X", "clinician") in got and ("June", "date") in got


def test_letterhead_template_serial_numbers_long_term_facilities_and_residents():
    text = ("XYZ, M.D. ,Suite 123, ABC Avenue ,City, STATE 12345 ,RE:  XXXX.  Serial #:  123456789.  "
            "The patient is a resident of Lake Harris Port Square long-term facility.  "
            "She is a resident from Mazatlan, Mexico.")
    found, _ = Annotator().annotate(text)
    got = {(text[f.start:f.end], f.kind) for f in found}
    assert {("Suite 123, ABC Avenue", "street"), ("City", "town"), ("12345", "zip"), ("STATE", "state"),
            ("123456789", "device"), ("Mazatlan", "town")} <= got
    assert any(kind == "facility" and value.endswith("long-term facility") for value, kind in got)
    record = fill({"key": text_key(text), "text": text, "source_ids": [], "specialty": None}, found)
    assert "ABC Avenue" not in record["text"] and "12345" not in record["text"] and "STATE" in record["text"]


def test_a_normal_case_note_gets_capitalised_surrogates_even_in_a_sentence_without_capitals():
    text = ("HISTORY:  The patient was seen in clinic.  she remained at the acute rehab at ABC until she was "
            "discharged home on a good regimen of care and followup.")
    found, _ = Annotator().annotate(text)
    record = fill({"key": text_key(text), "text": text, "source_ids": [], "specialty": None}, found)
    value = next(record["text"][s["start"]:s["end"]] for s in record["spans"] if s["kind"] == "facility")
    assert value[0].isupper()


def test_scores_are_no_dates_and_a_hospital_may_lead_its_name():
    text = "Born with an Apgar score of 9/10 in 2/2004.  Referred to the Hospital Ramón y Cajal of Madrid."
    found, _ = Annotator().annotate(text)
    got = {(text[f.start:f.end], f.kind) for f in found}
    assert not any(value == "9/10" for value, _ in got) and ("2/2004", "month_year") in got
    assert ("Hospital Ramón y Cajal", "facility") in got


def test_named_relatives_letter_credentials_and_month_placeholders():
    text = ("Lives with his 24-year-old father, John, who works nights.  Chart reviewed by X, RN, BSN.  "
            "Compared to the stress test done on Month DD, YYYY.")
    found, _ = Annotator(given_names=frozenset({"John"})).annotate(text)
    got = {(text[f.start:f.end], f.kind) for f in found}
    assert {("John", "person"), ("X", "clinician"), ("Month DD, YYYY", "date")} <= got


def test_a_month_with_a_year_no_day_can_be_needs_no_cue_but_readings_are_no_dates():
    text = ("Four courses of carboplatin (3/92, 6/92, 9/92 ,10/92).  Larger since the 10/92 MRI.  A 6/88 HCT.  "
            "Vytorin 10/40 mg daily.  Lotrel 10/40 daily.  Blood pressure 9/52.  Image #3/68.  Gait 6-8/12.  "
            "She has pain of 8/08 in the knee.  A scar with a width of 10/33 inch.  Acuity 6/60 OD.  "
            "Seen in late 06/07.")
    found, _ = Annotator().annotate(text)
    got = {text[f.start:f.end] for f in found if f.kind == "month_year"}
    assert got == {"3/92", "6/92", "9/92", "10/92", "6/88", "06/07"}


def test_cms_names_written_with_the_or_an_apostrophe_and_their_opening_words_after_a_place_cue():
    hospitals = ("JOHNS HOPKINS HOSPITAL", "METHODIST HOSPITAL", "CHILDRENS HOSPITAL", "COMMUNITY HOSPITAL")
    annotator = Annotator(hospitals=hospitals)
    text = ("She comes to The Methodist Hospital today.  Testing at Johns Hopkins a year ago, confirmed at "
            "Johns Hopkins Hospital.  Transferred to Children's Hospital.  Seen at the community hospital and "
            "at Community Hospital.  The methodist hospital chaplain visited.  Johns Hopkins wrote the book.")
    found, _ = annotator.annotate(text)
    got = [text[f.start:f.end] for f in found if f.kind == "facility"]
    assert got == ["Methodist Hospital", "Johns Hopkins", "Johns Hopkins Hospital", "Children's Hospital"]


def test_a_facility_named_in_an_all_caps_header():
    text = "BANGOR GENERAL HOSPITAL:,  THE PATIENT WAS ADMITTED TO THE HOSPITAL.,HOSPITAL COURSE:,  SEEN AT ST. LUKES HOSPITAL."
    found, _ = Annotator(lowercase_words=frozenset({"the", "patient", "was", "admitted", "to", "seen", "at", "course"})).annotate(text)
    assert [text[f.start:f.end] for f in found if f.kind == "facility"] == ["BANGOR GENERAL HOSPITAL", "ST. LUKES HOSPITAL"]


def test_named_people_relatives_letter_head_towns_and_short_phones():
    text = ("Close to her aunt, whose name is Carmen.  A girl named Kim.  Her husband, Vilheim to decide.  "
            "MOTHER:,  Dolorous Massey is 63.  FATHER:, Negative.  Her husband, Dad, came.  She saw Chris.  "
            "The fax number is 831-5926.  Suite 902,East Orange, NJ  07018,Re:  A healthy Roseburg resident.  "
            "Weight 123-4567 grams.")
    lowercase = frozenset({"close", "to", "her", "aunt", "whose", "name", "is", "negative", "dad", "came", "she",
                           "saw", "the", "fax", "number", "a", "healthy", "resident", "weight", "grams", "girl"})
    found, _ = Annotator(lowercase_words=lowercase, given_names=frozenset({"Chris", "Kim"})).annotate(text)
    got = {(text[f.start:f.end], f.kind) for f in found}
    assert {("Carmen", "person"), ("Kim", "person"), ("Vilheim", "person"), ("Dolorous Massey", "person"),
            ("Chris", "person"), ("831-5926", "phone"), ("East Orange", "town"), ("NJ", "state"), ("07018", "zip"),
            ("Roseburg", "town")} <= got
    assert not any(value in ("Negative", "Dad", "123-4567") for value, _ in got)


def test_a_month_name_alone_may_end_its_sentence_an_abbreviation_not():
    text = "Creatinine was 2.7 in December.  It resolved in June. In 1/95 it recurred.  Back to the pre-July baseline.  Seen in Dec."
    found, _ = Annotator().annotate(text)
    assert {text[f.start:f.end] for f in found if f.kind == "date"} == {"December", "June", "July"}
