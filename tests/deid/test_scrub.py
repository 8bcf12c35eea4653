"""deid/scrub.py: the regex layer catches structured identifiers with no recognizer at all."""

from deid.scrub import Scrubber


def test_scrub_finds_structured_identifiers_on_its_own():
    text = ("call 617-555-1234, SSN 123-45-6789, mail a.b@example.org, see https://x.example.com/p, "
            "host 10.1.2.3. MRN: 88073531 on 03/04/2021 and 2021-03-04, zip 02115-1234, id 123456789012.")
    found = {(s.label, text[s.start:s.end]) for s in Scrubber().scrub(text)}
    assert {("PHONE", "617-555-1234"), ("SSN", "123-45-6789"), ("EMAIL", "a.b@example.org"),
            ("URL", "https://x.example.com/p"), ("IP", "10.1.2.3"), ("MRN", "88073531"),
            ("DATE", "03/04/2021"), ("DATE", "2021-03-04"), ("LOCATION", "02115-1234"),
            ("OTHER_ID", "123456789012")} <= found
    assert all(s.source.startswith("scrub.") for s in Scrubber().scrub(text))


def test_scrub_leaves_measurements_alone():
    assert Scrubber().scrub("Na 130, K 4.1, WBC 11.9, BP 120/80, 5 mg BID") == []


def test_scrub_leaves_scale_ranges_and_dosing_schedules_alone():
    # mixed separators are a range over a scale, a zero part a dosing schedule (clinical_date's numeric_full)
    for text in ("initial score of 15-17/28.", "pain at a level of 8-9/10.", "morphine (10-0-10 mg) daily"):
        assert Scrubber().scrub(text) == [], text
    text = "seen 12-13-2019, DOB 01/05/1950, on 07.11.2019"
    assert {text[s.start:s.end] for s in Scrubber().scrub(text)} == {"12-13-2019", "01/05/1950", "07.11.2019"}
