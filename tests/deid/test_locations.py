"""deid/recognizers/street_address.py, city_state.py, zip_code.py and facility.py."""

import pytest

from deid.recognizers.city_state import CityStateRecognizer
from deid.recognizers.facility import FacilityRecognizer
from deid.recognizers.street_address import StreetAddressRecognizer
from deid.recognizers.zip_code import ZipCodeRecognizer
from tests.deid.detector_fixtures import analyze


@pytest.mark.parametrize("recognizer, text, value", [
    (StreetAddressRecognizer, "lives at 45 Oak Avenue, Apt 3 with", "45 Oak Avenue, Apt 3"),
    (StreetAddressRecognizer, "4928 SARAH VILLAGES SUITE 721", "4928 SARAH VILLAGES SUITE 721"),
    (StreetAddressRecognizer, "68706 Evans Radial", "68706 Evans Radial"),
    (StreetAddressRecognizer, "mail to P.O. Box 1234", "P.O. Box 1234"),
    (CityStateRecognizer, "moved from Boston, MA 02115 last year", "Boston, MA 02115"),
    (CityStateRecognizer, "RENO NV 21704", "RENO NV 21704"),
    (CityStateRecognizer, "lives in Lake Charles now", "Lake Charles"),
    (CityStateRecognizer, "born in Columbus, Ohio", "Columbus, Ohio"),
    (ZipCodeRecognizer, "zip 02115-1234", "02115-1234"),
    (ZipCodeRecognizer, "935 William Path, Springfield 70133\n", "70133"),
    (FacilityRecognizer, "transferred from Springfield General Hospital", "Springfield General Hospital"),
    (FacilityRecognizer, "RECORDS FROM GOOD SAMARITAN HOSPITAL OF TYLER REVIEWED", "GOOD SAMARITAN HOSPITAL OF TYLER"),
    (FacilityRecognizer, "pt to ELLISON 8 at 1400", "ELLISON 8"),
    (FacilityRecognizer, "back to farr 10 after cath", "farr 10"),
    (FacilityRecognizer, "screened by SPAULDING REHAB", "SPAULDING REHAB"),
    (FacilityRecognizer, "pt admitted from walden nursing home yesterday", "walden nursing home"),
    (FacilityRecognizer, "plan to return to hebrew rehab when stable", "hebrew rehab"),
])
def test_location_forms(recognizer, text, value):
    assert ("LOCATION", value) in analyze(recognizer(), text)


@pytest.mark.parametrize("recognizer, text", [
    (StreetAddressRecognizer, "NSR at 78, PR 164 ms, QRS 92 ms, QTc 438"),
    (StreetAddressRecognizer, "2019-05-08, 21:33 pt resting"),
    (ZipCodeRecognizer, "Glasgow Coma Scale 15 (E4V5M6)"),
    (ZipCodeRecognizer, "WBC 12345 cells"),
])
def test_location_look_alikes(recognizer, text):
    assert analyze(recognizer(), text) == set()


@pytest.mark.parametrize("recognizer, text, value", [
    (StreetAddressRecognizer, "apartment on 58719 Smith Underpass Apt. 348, Wichita.\n", "Wichita"),  # WordNet word, gazetteer town
    (StreetAddressRecognizer, "5084 warner divide apt. 839, charlotte 16694-0991\n", "5084 warner divide apt. 839"),
    (StreetAddressRecognizer, "5084 warner divide apt. 839, charlotte 16694-0991\n", "charlotte 16694-0991"),
    (StreetAddressRecognizer, "2224 Trenerys gate 232\n Apt. 342\n TRONDHEIM\n Norway", "2224 Trenerys gate 232"),
    (StreetAddressRecognizer, "2224 Trenerys gate 232\n Apt. 342\n TRONDHEIM\n Norway", "TRONDHEIM"),
    (StreetAddressRecognizer, "lives at 86036 Rua do Arenque 1634, Goiania", "86036 Rua do Arenque 1634"),
    (StreetAddressRecognizer, "lives at 86036 Rua do Arenque 1634, Goiania", ", Goiania"),  # address_block.py
    (CityStateRecognizer, "Moved from Worcester in 1981.", "Worcester"),
    (CityStateRecognizer, "GREW UP IN WICHITA; LIBRARIAN", "WICHITA"),
    (CityStateRecognizer, "I am in pain and am in Rohod for a trip", "Rohod"),
    (CityStateRecognizer, "Discharged to Nair Manor, South Jacquelinestad ID. Stable", "South Jacquelinestad"),
    (FacilityRecognizer, "Cardiology clinic at Jackson Veterans Affairs Medical Center, 974 Mark",
     "Jackson Veterans Affairs Medical Center"),
])
def test_towns_and_streets_by_position(recognizer, text, value):
    assert ("LOCATION", value) in analyze(recognizer(), text)


@pytest.mark.parametrize("recognizer, text", [
    (StreetAddressRecognizer, "flanking 8 mm camera ports, a 12 mm assist port, a 5 mm liver retraction port"),
    (StreetAddressRecognizer, "CS IS A 64 YO WOMAN. PT IS ALERT"),
    (StreetAddressRecognizer, "H&H is 11 and 34.  PT, PTT, and INR is normal"),
    (StreetAddressRecognizer, "1 Lisinopril 10\n2 Aspirin 81\n"),
    (CityStateRecognizer, "instruments were removed from the patient's abdomen"),
    (CityStateRecognizer, "Alternative of fully laparoscopic surgery was discussed"),
    (FacilityRecognizer, "COURSE IN HOSPITAL: uneventful; seen at PM&R Spine Clinic"),
])
def test_position_rules_skip_clinical_text(recognizer, text):
    assert {v for _, v in analyze(recognizer(), text)} == set()


@pytest.mark.parametrize("recognizer, text, value", [
    (CityStateRecognizer, "verified by registration. Moved from Ann Arbor in 1982.", "Ann Arbor"),  # a deny phrase
    (CityStateRecognizer, "Grew up in Jackson; nurse for 30 years.", "Jackson"),  # an eponym
    (FacilityRecognizer, "seen at Bangor Dialysis Center in Perkinsside last week.", "Perkinsside"),
    (FacilityRecognizer, "feliciano university medical center\nfin 12528580963", "feliciano university medical center"),
    (FacilityRecognizer, "location: our lady of the lake hospital, ccu", "our lady of the lake hospital"),
])
def test_cued_towns_and_lower_case_facilities(recognizer, text, value):
    assert ("LOCATION", value) in analyze(recognizer(), text)


def test_lower_case_facility_rule_keeps_departments_out():
    assert analyze(FacilityRecognizer(), "seen in heart failure clinic today\ncardiology clinic\nthe hospital\n") == set()
    assert analyze(CityStateRecognizer(), "Ann Arbor stage IIIA lymphoma") == set()


def test_postcodes_by_cue_and_towns_before_them():
    assert ("LOCATION", "880") in analyze(ZipCodeRecognizer(), "My zip code is 880")
    found = analyze(CityStateRecognizer(), "to support Factset in Bjert 6091 in its mission; seen in March 2019; in Room 4021")
    assert found == {("LOCATION", "Bjert 6091")}


@pytest.mark.parametrize("text, value", [
    ("in ÖVERTURINGEN 840 24 in its", "ÖVERTURINGEN 840 24"),  # SE 3+2
    ("in Quinta de São Tiago 3610-114 in its", "Quinta de São Tiago 3610-114"),  # PT 4-3
    ("support foursquare in barra de carrasco 15000 in its", "barra de carrasco 15000"),
    ("Nautilytics in København K 1421 in its", "København K 1421"),
])
def test_towns_with_foreign_postcodes(text, value):
    assert ("LOCATION", "394 13") in analyze(ZipCodeRecognizer(), "ZIP: 394 13")  # SE, by its cue
    assert ("LOCATION", value) in analyze(CityStateRecognizer(), text)


@pytest.mark.parametrize("text, value", [
    ("26 rue des lieutemants Thomazo\n", "26 rue des lieutemants Thomazo"),
    ("Sofie lives on 69 Av Sidi Lakhmi street.", "69 Av Sidi Lakhmi"),
    ("drops you off at 9383 ul. Chrzanowska 61 St.", "9383 ul. Chrzanowska 61"),
    ("Via Franscini 71 Suite 838", "Via Franscini 71 Suite 838"),
    ("eva kleist lives at 255 hersnapvej 18, københavn k", "255 hersnapvej 18"),
    ("Pedestrians must enter on Vesterskovvej 79 St. the first", "Vesterskovvej 79"),
    ("The title refers to Árpád fejedelem útja 3. street in Budapest.", "Árpád fejedelem útja 3."),
    ("lives at 28919 136 Filadelfeos Str., Klirou", "28919 136 Filadelfeos Str."),
    ("stop at the corner of Nieuwe Baan 473 St. and Inna Loop St.", "Nieuwe Baan 473 St. and Inna Loop St."),
    ("shows on Ane Flats Street were important", "Ane Flats Street"),
    ("Please return to PSC 0413, Box 8144\nAPO AA 42323 soon", "PSC 0413, Box 8144"),
    ("Please return to PSC 0413, Box 8144\nAPO AA 42323 soon", "APO AA 42323"),
    ("sent to uscgc aslakhanov\nfpo ae 44941?", "uscgc aslakhanov"),
    ("6007 michael forks tacoma wa 63687\npatient name: x", "6007 michael forks"),
    ("4928 sarah villages suite 721 reno nv 21704\n", "4928 sarah villages suite 721"),
    ("nov 22nd\n423 robinson mission\nbillings, mt 34639\nhome phone", "423 robinson mission"),
])
def test_streets_of_other_countries_and_forms(text, value):
    assert ("LOCATION", value) in analyze(StreetAddressRecognizer(), text)


@pytest.mark.parametrize("text", [
    "Aspirin 81 mg daily. 10 ul. of saline. Smith et al. 2010 showed. via Foley 16 French",
    "MEDICATIONS:\n1 Tylenol 500\n2 Metformin 1000\n3 Lisinopril 10",
    "necrosis at the corner of the mouth and lips.",
    "closed using a #0 Vicryl stick tie pursestring",
    "PR interval 280 milliseconds.  Further lab shows sodium 135, potassium 4.2, chloride 98, glucose 162, "
    "platelet count of 179.,Chest x-ray",
])
def test_foreign_street_forms_skip_clinical_text(text):
    assert analyze(StreetAddressRecognizer(), text) == set()


def test_vitals_below_a_unit_are_no_address():
    assert analyze(StreetAddressRecognizer(), "Unit 4 staff\nBP 120/80\nHR 88") <= {("LOCATION", "Unit 4")}


@pytest.mark.parametrize("recognizer, text, value", [
    (FacilityRecognizer, "Transferred from Our Lady of Angels Hospital.", "Our Lady of Angels Hospital"),
    (FacilityRecognizer, "Was admitted to Our Lady of the Lake Hospital from 8/15", "Our Lady of the Lake Hospital"),
    (FacilityRecognizer, "REFERRED FROM OUR LADY OF PEACE HOSPITAL.", "OUR LADY OF PEACE HOSPITAL"),
    (FacilityRecognizer, "Was admitted to del Río Memorial Hospital from 09/14", "del Río Memorial Hospital"),
    (FacilityRecognizer, "She was seen by Dr. Moore at Sunrise of Larryberg in Worcester last week.", "Sunrise of Larryberg"),
    (FacilityRecognizer, "She was seen by Dr. Moore at Sunrise of Larryberg in Worcester last week.", "Worcester"),
    (FacilityRecognizer, "anticipate discharge to Sunrise of Green Bay in 2-3 days.", "Sunrise of Green Bay"),
    (FacilityRecognizer, "Labs (BMP) on 5/29 at Brookdale Mobile.\nPatient portal", "Brookdale Mobile"),
    (FacilityRecognizer, "FOLLOW-UP: LABS (BMP) ON 5/25/2017 AT SUNRISE OF FLINT. DR. COMAR-AVERY", "SUNRISE OF FLINT"),
    (FacilityRecognizer, "SEEN BY GIRISH PAREKH, MD AT SUNRISE OF SPRINGFIELD IN NORTH DAWNFORT LAST", "NORTH DAWNFORT"),
    (FacilityRecognizer, "Home health: Sunrise of Springfield, fax 866 222 3706.", "Sunrise of Springfield"),
    (FacilityRecognizer, "pcp office: worcester dialysis center, johnfurt, ut.", "worcester dialysis center"),
    (CityStateRecognizer, "RESIDES AT SANTA FE URGENT CARE IN PUEBLO COUNTY. DL#", "PUEBLO COUNTY"),
    (CityStateRecognizer, "LIVES IN A FARMHOUSE OUTSIDE NORTH DAWNFORT, MCGUIRE COUNTY.", "NORTH DAWNFORT"),
    (CityStateRecognizer, "LIVES WITH HIS BROTHER JONATHON IN NORTH DAWNFORT NH. RETIRED", "NORTH DAWNFORT NH"),
    (CityStateRecognizer, "He recently returned from a trip to Tacoma WA. In the ED", "Tacoma WA"),  # a WordNet word
    (CityStateRecognizer, "Lives with her son Arsenio in Jackson MS. Contact", "Jackson MS"),  # eponym + deny word
    (CityStateRecognizer, "Coden is a design agency based in NAANTALI.", "NAANTALI"),
    (CityStateRecognizer, "at Walk Score in ÅLESUND, which later", "ÅLESUND"),  # gazetteer, no residence cue
    (CityStateRecognizer, "I'm in KAJAANI, at the conference", "KAJAANI"),
    (CityStateRecognizer, "When: 2000-04-16 11:34:35\nWhere: UPTON SCUDAMORE Country Club.", "UPTON SCUDAMORE Country Club"),
    (CityStateRecognizer, "Przemek Kucharski\n\nALFRICK\nUnited Kingdom", "ALFRICK"),
    (CityStateRecognizer, "from Brooklyn, New York and moved to Houston approximately one year ago", "Houston"),
    (FacilityRecognizer, "3.  Notes of the Medina General Hospital Occupational Health, Steven",
     "Medina General Hospital Occupational Health"),
])
def test_facility_and_town_cues(recognizer, text, value):
    assert ("LOCATION", value) in analyze(recognizer(), text)


@pytest.mark.parametrize("recognizer, text", [
    (CityStateRecognizer, "IN PAIN AND IN NO DISTRESS. HISTORY OF CHF IN 2010"),
    (CityStateRecognizer, "CHEST PAIN OR SHORTNESS OF BREATH. TDAP IN 2016; INFLUENZA"),
    (CityStateRecognizer, "nose, throat, heart, lungs, GI, GU, musculoskeletal"),
    (CityStateRecognizer, "BP130.56, HR68, RR16, Afebrile.,MS: A&O to person"),
    (CityStateRecognizer, "returned to the laparoscopic portion; located in the sigmoid colon; 2 outside cats."),
    (CityStateRecognizer, "in Reading the paper, to Foley, in Wilson disease, in Parkinson, OUTSIDE LABS FROM X"),
    (FacilityRecognizer, "seen by cardiology at the bedside in the morning; seen by PT at rest in bed"),
    (FacilityRecognizer, "followed by the wound care team at the Long-Term Acute Care Facility."),
    (FacilityRecognizer, "LABS DONE AT THE TIME OF ADMISSION: WBC 24.3; follow-up at 2 weeks; labs at 0600"),
    (FacilityRecognizer, "screws were placed at T11 and L1; stenosis is seen at C6-7."),  # spine levels
    (FacilityRecognizer, "subsequently transferred to Postanesthesia Care Unit in stable condition"),
    (FacilityRecognizer, "8.  History of anemia.,HISTORY AND HOSPITAL COURSE: , The patient"),
    (FacilityRecognizer, "Lasix 20 mg PO daily\nPharmacy: Walgreens at 415-240-7228."),  # a chain names no place
    (CityStateRecognizer, "ZIP 21383-0914; TRANSPORTATION BY COUNTY VAN."),
    (CityStateRecognizer, "ISCHEMIC STROKE: NIHSS 7; OUTSIDE TPA WINDOW, PERMISSIVE HTN"),
])
def test_new_town_cues_skip_clinical_text(recognizer, text):
    assert analyze(recognizer(), text) == set()


@pytest.mark.parametrize("recognizer, text, value", [
    (CityStateRecognizer, "Mr. P is a 19 year old man who grew up in SUND.", "SUND"),  # capitals mark a WordNet word
    (CityStateRecognizer, "The delegation arrived at HART this morning from Austria.", "HART"),
    (CityStateRecognizer, "on sunday we returned to kiel by helicopter.", "kiel"),  # lower case: gazetteer town
    (CityStateRecognizer, "invites songwriters from around the world to Berggrenton to share", "Berggrenton"),
    (CityStateRecognizer, "the following year at Poweradvocate in Bremen Ohlenhof, which", "Bremen Ohlenhof"),  # town + district
    (CityStateRecognizer, "Pt lives in Springfield with wife; moved from Dayton in 2010.", "Dayton"),
    (CityStateRecognizer, "transferred from Kettering for further care", "Kettering"),
    (CityStateRecognizer, "and the following year at Healthpocket Inc in SCHLAGLES, which later", "SCHLAGLES"),
    (CityStateRecognizer, "dialysis on Monday at DaVita in Alameda and is under the care", "Alameda"),
    (CityStateRecognizer, "She is from Ohlenhof, Germany.", "Ohlenhof"),  # town, country
    (CityStateRecognizer, "Visiting Ohlenhof, Germany next week", "Ohlenhof"),  # leading everyday word trimmed
    (CityStateRecognizer, "Przemek Kucharski  ALFRICK United Kingdom", "ALFRICK"),  # capitals before a country
    (CityStateRecognizer, "I live in Marshland.", "Marshland"),
    (CityStateRecognizer, "The conference will take place in Sainte-Anne-des-Monts next year.", "Sainte-Anne-des-Monts"),
    (CityStateRecognizer, "Her hometown is Kazanlak.", "Kazanlak"),
    (CityStateRecognizer, "They have a summer house near Kuressaare.", "Kuressaare"),
    (CityStateRecognizer, "I'm originally from a small village called Brezje.", "Brezje"),
    (CityStateRecognizer, "We spent the summer at Lake Bled.", "Lake Bled"),
    (CityStateRecognizer, "He moved back to Port Louis.", "Port Louis"),
    (CityStateRecognizer, "Pt is from Tipp City and lives alone.", "Tipp City"),
    (StreetAddressRecognizer, "Write to Kiannonkatu 98, 00100 Helsinki please.", "Kiannonkatu 98"),  # no "Write to"
    (FacilityRecognizer, "studying english and journalism at the university of københavn v.", "københavn v"),
    (FacilityRecognizer, "hospital of the university of pittsburgh", "pittsburgh"),
])
def test_journey_cues_and_marked_case(recognizer, text, value):
    assert ("LOCATION", value) in analyze(recognizer(), text)


@pytest.mark.parametrize("recognizer, text", [
    (CityStateRecognizer, "She was transferred from the gurney to the operating table."),  # "the" + lower case
    (CityStateRecognizer, "moved to the suprapatellar pouch; returned from the x-ray suite"),
    (CityStateRecognizer, "PERSONS LIVING IN HOUSEHOLD:,  Six.,RELATIONSHIP"),  # capitals marked by nothing
    (CityStateRecognizer, "was transferred from Labor And Delivery Room; returned to Postanesthesia Care Unit"),
    (CityStateRecognizer, "transferred from the Preoperative Care Unit; works in the Electronics field"),
    (CityStateRecognizer, "the patient was born in Hospital.  Birth weight was 6 pounds"),
    (CityStateRecognizer, "Coord: difficulty with RAM in BUE; started on Lasix in ER; CT at Mercy in AM"),
    (CityStateRecognizer, "worked at Google in Research; seen at Clinic in Follow-up"),
    (CityStateRecognizer, "Port Placement: right chest. Head raised in bed. Lasix, metoprolol"),
    (CityStateRecognizer, "held in abeyance; the procedure took place in the operating room"),
    (CityStateRecognizer, "The rash is from Bactrim; bleeding is from Hemorrhoids"),  # "is from" needs a person
    (CityStateRecognizer, "He was transferred from OSH with chest pain."),  # outside hospital
    (CityStateRecognizer, "PATIENT ARRIVED AT HOME AND WENT TO BED"),
    (CityStateRecognizer, "He went to bed early and returned to the floor; came to ER; went to Urgent Care"),
    (CityStateRecognizer, "a recent visit to Mr. T's family physician; he will need to go to Dr. XYZ"),  # persons
    (CityStateRecognizer, "going to be discharged; came to clinic; went to see"),
    (FacilityRecognizer, "College of American Pathologists guidelines"),
])
def test_journey_cues_skip_clinical_text(recognizer, text):
    assert analyze(recognizer(), text) == set()


@pytest.mark.parametrize("recognizer, text", [
    (StreetAddressRecognizer, "transferred from the holding area to Operating Suite #1; to Operative Suite #2"),
    (FacilityRecognizer, "The specimen was sent to Pathology. Donor swab sent to Microbiology."),
    (FacilityRecognizer, "admitted to Hem/Onco B Service; admitted to the Hematology and Oncology A Service"),
    (FacilityRecognizer, "PERTINENT LABORATORIES: , Creatinine of 1.4.\nADMISSION LABS:  CBC"),  # headers
    (FacilityRecognizer, "more recently been seen at the Diseases Center, seen by Dr. Y"),
])
def test_hospital_rooms_departments_and_headers_are_no_places(recognizer, text):
    assert analyze(recognizer(), text) == set()


def test_a_suite_of_an_address_stays():
    assert ("LOCATION", "Suite 200") in analyze(StreetAddressRecognizer(), "1200 Main Street, Suite 200")


@pytest.mark.parametrize("text", ["weaned to PEEP 5", "increased to levo 5", "moved to room 12", "back to bed 4",
                                  "Referred to Cardiac Rehab", "to tele 4 tomorrow",
                                  "pt discharged to the nursing home today", "transferred to acute rehab today"])
def test_settings_rooms_and_departments_are_not_buildings(text):
    assert analyze(FacilityRecognizer(), text) == set()


def test_a_country_is_a_place_only_under_the_strict_profile():
    text = "We moved here from Cyprus (Greek)"
    assert analyze(CityStateRecognizer(), text) == set()  # Safe Harbor removes what is smaller than a state
    assert ("LOCATION", "Cyprus") in analyze(CityStateRecognizer(profile="strict"), text)


@pytest.mark.parametrize("text, state", [
    ("The patient was born and raised in North Carolina. She was the sixth of nine", "North Carolina"),
    ("She has lived in Arizona for 4 years.", "Arizona"),
    ("she will be moving to Texas next year", "Texas"),
])
def test_a_state_alone_is_a_place_only_under_the_strict_profile(text, state):
    assert analyze(CityStateRecognizer(), text) == set()  # Safe Harbor keeps states
    assert ("LOCATION", state) in analyze(CityStateRecognizer(profile="strict"), text)


@pytest.mark.parametrize("text, value", [
    ("lives in New York with her son", "New York"),      # a city of the same name: it stays
    ("moved from Kansas City last year", "Kansas City"),  # a town named after its state
    ("was born in Topeka, Kansas", "Topeka, Kansas"),
])
def test_towns_beside_or_named_like_states_stay(text, value):
    assert ("LOCATION", value) in analyze(CityStateRecognizer(), text)


def test_the_to_of_an_infinitive_is_no_place_cue():
    assert analyze(CityStateRecognizer(), "DISPO: PLAN TO EXTUBATE IN AM, DIALYSIS FRI.") == set()
    assert analyze(CityStateRecognizer(), "UNABLE TO AMBULATE OR TRANSFER") == set()
    assert ("LOCATION", "Tacoma WA") in analyze(CityStateRecognizer(), "pt transferred to Tacoma WA by air")
    assert ("LOCATION", "EXTON PA") in analyze(CityStateRecognizer(), "PT RETURNED TO EXTON PA TODAY")


@pytest.mark.parametrize("text", ["Has four adult children.  Good health.  She is a nonsmoker.",
                                  "Appears stated age.  Overall health is good."])
def test_an_everyday_word_before_health_is_no_facility(text):
    assert analyze(FacilityRecognizer(), text) == set()


@pytest.mark.parametrize("text, value", [
    ("SEEN AT FRESNO HEALTH 9-14, SENT HERE.", "FRESNO HEALTH"),            # a town's name
    ("transferred from Parker Falls health for hip fx", "Parker Falls health"),
    ("arrived from Wichita health eu via amb", "Wichita health"),
])
def test_a_town_or_a_longer_name_before_health_stays_a_facility(text, value):
    assert ("LOCATION", value) in analyze(FacilityRecognizer(), text)


def test_the_weak_facility_and_calendar_words_are_rules_in_the_yaml():
    """Rules as data: facility.yaml, not the code, says that "health" after an everyday word and
    a month after a transfer cue name no facility; a spec without the lists flags both."""
    import copy

    from deid.resources import load_data

    spec = copy.deepcopy(load_data(FacilityRecognizer.data_path()))
    texts = ("Appears stated age.  Overall health is good.", "pt sent back to jan")
    assert all(analyze(FacilityRecognizer(), t) == set() for t in texts)
    spec["vocab"]["weak_facility_words"], spec["vocab"]["calendar_words"] = [], []
    edited = FacilityRecognizer(spec=spec)
    assert ("LOCATION", "Overall health") in analyze(edited, texts[0])
    assert ("LOCATION", "jan") in analyze(edited, texts[1])
