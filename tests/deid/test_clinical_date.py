"""deid/recognizers/clinical_date.py and age_over_89.py."""

import pytest

from deid.recognizers.age_over_89 import AgeOver89Recognizer
from deid.recognizers.clinical_date import ClinicalDateRecognizer
from tests.deid.detector_fixtures import analyze


@pytest.fixture(scope="module")
def dates():
    return ClinicalDateRecognizer()


@pytest.mark.parametrize("text, value", [
    ("seen on 3/4 for follow-up", "3/4"),
    ("admitted 03-04-2021", "03-04-2021"),
    ("DOB 1/5/1966.", "1/5/1966"),
    ("collected 2021-03-04 14:22", "2021-03-04 14:22"),
    ("return Jan 3rd", "Jan 3rd"),
    ("on the 3rd of January", "3rd of January"),
    ("surgery in Sept '21", "Sept '21"),
    ("signed 3/4/2021 at 14:30", "3/4/2021 at 14:30"),
    ("inpatient 3/4-3/6", "3/4-3/6"),
    ("rash Jan 3-5 2020", "Jan 3-5 2020"),
    ("collected 20170123, 5:02", "20170123"),
    ("ON 13-SEP-2018, 2328", "13-SEP-2018"),
    ("HAD A SIMILAR EPISODE 1/9-12/14/2020, TREATED", "12/14/2020"),  # range end after a short date
    ("similar episode Mar 9-2013-01-26, treated", "2013-01-26"),
    ("episode 17th of August-2/4/2015, treated", "2/4/2015"),
    ("Hospitalized 7th of September-9/14.", "9/14"),
    ("suprapubic pain. Symptoms began on 9/22 and worsened", "9/22"),  # "pain" in another sentence
])
def test_clinical_date_formats(dates, text, value):
    assert ("DATE", value) in analyze(dates, text)


@pytest.mark.parametrize("text", [
    "Motor 5/5 strength throughout", "take 1/2 tab daily", "Pain 7/10 at the incision site",
    "BP 120/80", "founded in 1977", "follow up in 2 weeks",
])
def test_not_dates(dates, text):
    assert analyze(dates, text) == set()


@pytest.mark.parametrize("text, age", [
    ("92 y/o male", "92"), ("a 95-year-old woman", "95"), ("aged 101", "101"),
    ("grandmother lived to 96.", "96"),
])
def test_ages_over_89(text, age):
    assert ("AGE_OVER_89", age) in analyze(AgeOver89Recognizer(), text)


def test_younger_ages_are_not_phi():
    assert analyze(AgeOver89Recognizer(), "a 45 y/o man, aged 89, HR 92 bpm") == set()


@pytest.mark.parametrize("text, value", [
    ("pmh: s/p mi, fx 4/97, cabg", "4/97"),
    ("hx of CVA 11/89 with residual weakness", "11/89"),
    ("last colonoscopy 04/98.", "04/98"),
])
def test_month_and_two_digit_year_in_history_lists(dates, text, value):
    assert ("DATE", value) in analyze(dates, text)


@pytest.mark.parametrize("text", [
    "3/6 murmur at the apex", "2/6 SEM at LUSB", "1/2 ns at 100cc/hr", "4/4 extremities warm",
    "CPAP 5/5 FiO2 40%", "PS 10/5 overnight", "grip 4/5 bilat", "strength 5/5 uppers", "pulses 2/4 dp",
    "s/p mi '89, cabg 94",  # a year alone is not PHI under Safe Harbor
    "va 20/40 ou", "pain 8/10 relieved with dilaudid", "BP 110/60",
])
def test_scores_strengths_and_fractions_are_not_dates(dates, text):
    assert analyze(dates, text) == set()


def test_a_weekday_alone_is_a_date_only_under_the_strict_profile():
    text = "plan for cath on Tuesday"
    assert analyze(ClinicalDateRecognizer(), text) == set()
    assert ("DATE", "Tuesday") in analyze(ClinicalDateRecognizer(profile="strict"), text)


@pytest.mark.parametrize("text", ["ns at 100", "levo gtt at 110", "hr at 95 paced", "sbp kept at 90"])
def test_rates_and_vitals_set_at_a_number_are_not_ages(text):
    assert analyze(AgeOver89Recognizer(), text) == set()


def test_ages_after_at_still_count():
    assert ("AGE_OVER_89", "96") in analyze(AgeOver89Recognizer(), "mother died at 96 of a stroke")


def test_the_strict_profile_also_flags_years_ages_and_states():
    from deid.recognizers.city_state import CityStateRecognizer
    from deid.recognizers.registry import build_recognizers

    history = "s/p cabg 1994, mi '89; a 45 year old from Ohio"
    assert analyze(ClinicalDateRecognizer(), history) == set()
    assert analyze(AgeOver89Recognizer(), history) == set()
    assert analyze(CityStateRecognizer(), history) == set()
    strict = {name: recognizer for name, recognizer in
              zip(["clinical_date", "age_over_89", "city_state"],
                  build_recognizers(["clinical_date", "age_over_89", "city_state"], profile="strict"))}
    assert {("DATE", "1994"), ("DATE", "'89")} <= analyze(strict["clinical_date"], history)
    assert ("AGE_OVER_89", "45") in analyze(strict["age_over_89"], history)
    assert ("LOCATION", "Ohio") in analyze(strict["city_state"], history)


def test_an_unknown_profile_is_refused():
    with pytest.raises(ValueError, match="profile"):
        ClinicalDateRecognizer(profile="lenient")


@pytest.mark.parametrize("text", ["VAS 2/10, 3/10, 7/10 and 1/10 during the stay", "Apgar 3/10, 4/10 and 8/10",
                                  "titer (< 1/40)", "Glasgow 6/15 on arrival"])
def test_lists_of_scores_and_titers_are_not_dates(dates, text):
    assert analyze(dates, text) == set()


def test_a_run_of_dates_sharing_the_month_stays_dates(dates):
    assert {("DATE", "3/10"), ("DATE", "3/11")} <= analyze(dates, "febrile 3/10, 3/11 and afebrile since")


@pytest.mark.parametrize("text", [
    "a mass in the upper 2/3 of the left kidney",        # a portion of an organ
    "narrowing of the distal 1/3 of the ureter",
    "left hemiparesis 4/5 with brisk reflexes",          # a strength after a paresis
    "a 3/5 paraparesis of both legs",
    "dorsiflexion 5/5 bilaterally",
    "adenocarcinoma Gleason 7/10 in both lobes",         # a Gleason sum
    "E-cadherin positive 2/3, vimentin negative",        # a share of positive cells
    "able to walk a 1/2-mile before resting",
    "recalled 2/3 objects after five minutes",
])
def test_fractions_of_organs_strengths_and_scores_are_no_dates(dates, text):
    assert not [r for r in dates.analyze(text, ["DATE"])], text


@pytest.mark.parametrize("text, value", [
    ("cystoscopy done 2/3 without event", "2/3"),
    ("hemiparesis since 4/5, now improving", "4/5"),
    ("biopsy reviewed on 7/10 at tumor board", "7/10"),
])
def test_the_same_fractions_after_a_date_cue_stay_dates(dates, text, value):
    start = text.index(value)
    assert any(r.start == start and r.end == start + len(value) for r in dates.analyze(text, ["DATE"])), text


@pytest.mark.parametrize("text", ["vbg 7.31/48 on psv", "ABG 7.44/36/91 after the change"])
def test_a_blood_gas_is_no_date(dates, text):
    from deid.scrub import Scrubber

    assert not dates.analyze(text, ["DATE"]), text
    assert not Scrubber().scrub(text), text


@pytest.mark.parametrize("text, value", [("seen 07.11.2019 in clinic", "07.11.2019"), ("fx on 7/31/19, casted", "7/31/19"),
                                         ("admit 07-11-19 via ew", "07-11-19")])
def test_dates_with_one_separator_stay_dates(dates, text, value):
    from deid.scrub import Scrubber

    assert value in {text[r.start:r.end] for r in dates.analyze(text, ["DATE"])}
    assert value in {text[s.start:s.end] for s in Scrubber().scrub(text)}


@pytest.mark.parametrize("text, value", [
    ("Pt seen on 4/5 in clinic for follow up.", "4/5"),   # "in" after a date cue
    ("seen 11/2 in the ED with chest pain", "11/2"),
    ("transfer from osh on 3-3 at 0215. f/u am labs", "3-3"),
    ("NURSING TRANSFER NOTE (6-6 09:45)", "6-6"),
    ("hypothyroid aug 91. cabg 94", "aug 91"),
    ("lap chole (may 95), esrd", "may 95"),
])
def test_short_dates_in_nursing_shapes(dates, text, value):
    assert ("DATE", value) in analyze(dates, text)


@pytest.mark.parametrize("text", [
    "Strength 5/5 in the upper extremities.", "Pain 9/10 in the emergency room.",
    "He is 2/5 in his right hand and 4/5 in the left.", "on 5/5 strength in all",
    "tolerating 2-3 L nc, 15-18 breaths", "walks 3-4 times daily, 1-2 at night",
    "sats may 95% on ra", "dose may 50 mg",
])
def test_scores_ranges_and_readings_of_the_same_shapes_are_no_dates(dates, text):
    assert analyze(dates, text) == set()


@pytest.mark.parametrize("text, value", [
    ("9 cycles of Cytoxan as of 6/97. She had", "6/97"),
    ("imaging from the beginning of 9/08, end of 9/08 as well", "9/08"),
    ("headaches beginning the last week of 7/96. The pain", "7/96"),
])
def test_month_year_after_a_phrase_of_time(dates, text, value):
    assert ("DATE", value) in analyze(dates, text)


def test_a_share_after_of_is_no_date(dates):
    assert analyze(dates, "resected the upper 2/3 of the lesion, 3/4 of the nodes") == set()


@pytest.mark.parametrize("text", [
    "Reflexes: BUE 2+/2+, Patellar 3/3, Ankles 3+/3+ with 6 beats of clonus.",   # reflex grades
    "Deltoid 4/4, biceps 4+/4+, triceps 5/5, knee extensors 4/4, and knee flexors 4/4.",
    "Reflexes 2/2 throughout BUE and at patellae. 1/1 at Achilles. Plantars flexor.",
    "CN: Pupils 2/3 decreasing to 1/1 on exposure to light. VFFTC.",              # pupils in mm
    "Local evaluation revealed 3/3 proximal and 4/4 distal BLE weakness.",        # two equal-part grades
    "Muscle strength is 5/5 for all groups tested. Pulses are 2/4 for brachial.",
    "He has 3/3 object registration and 1/3 recall in 5 minutes.",
    "I gave her a score of 13/16 for balance and 9/12 for gait.",                 # beside no-date fractions
    "slightly improved from his initial score of 15-17/28.",                      # a range over a scale
    "rated at a level of 8-9/10, sharp",
    "Pt c/o mild pain at the incision site, 3/10.",                               # a rating a few words back
    "morphine (10-0-10 mg) and paracetamol",                                      # a dosing schedule
    "Vigorous male infant, Apgars 9/9, weight 6 pounds",
    "in early active labor at 40 and 6/7 weeks gestation",
    "Lotrel 10/20 daily.", "Color plate testing scores: 6/14 OD and 10/14 OS.",
    "electrodes observing the 10/20 international system",
    "The patient works at a local Christmas tree farm.",
])
def test_exam_grades_scores_and_schedules_are_no_dates(dates, text):
    assert not dates.analyze(text, ["DATE"]), text


@pytest.mark.parametrize("text, value", [
    ("Strength improving since 3/3, patellar reflexes 2+.", "3/3"),   # a date cue right before wins
    ("Pupils equal and reactive. Seen in clinic 4/4 for follow-up.", "4/4"),  # another sentence
    ("motor vehicle accident 3/3 with neck pain", "3/3"),             # "motor vehicle" is no exam word
    ("admitted 5/5 with weakness of the deltoids", "5/5"),
    ("hx sbo 10/95, gerd 8/19, etoh abuse", "8/19"),                  # beside a month with its year
    ("recall testing done on 2/3 in clinic", "2/3"),
    ("seen 12-13-2019 and 4-5-20", "4-5-20"), ("DOB 03/04/1950", "03/04/1950"),
    ("episode before Christmas, treated", "Christmas"),
])
def test_dates_of_the_same_shapes_stay_dates(dates, text, value):
    assert value in {text[r.start:r.end] for r in dates.analyze(text, ["DATE"])}, text


@pytest.mark.parametrize("text, value", [
    ("dm2 since june", "june"), ("icd since may", "may"), ("last seen in clinic in October, keep npo", "October"),
    ("pain began in late August.", "August"), ("by the end of March it had healed", "March"),
])
def test_a_month_alone_after_a_date_cue(dates, text, value):
    assert ("DATE", value) in analyze(dates, text)


@pytest.mark.parametrize("text", [
    "This may be related to the fall.", "it may have been from opening the wound",
    "which in may cases resolves", "Various wounds vary from 1/2 to 1 inch.",
    "CHIEF COMPLAINT (1/1):, This 59 year old female presents",
])
def test_may_as_a_verb_fraction_ranges_and_template_counters_are_no_dates(dates, text):
    assert analyze(dates, text) == set(), text
