from synth import terms
from synth.terms import TermIndex


def test_tokens_expand_abbreviations_and_drop_function_words():
    assert terms.tokens("T2DM with CKD") == ["type", "2", "diabetes", "mellitus", "with", "chronic", "kidney", "disease"]
    assert terms.tokens("s/p repair of the hernia") == ["status", "post", "repair", "hernia"]


def test_longest_match_prefers_the_specific_code(small_index):
    found = small_index.find(terms.tokens("paroxysmal atrial fibrillation and heart failure"))
    assert [m.code for m in found] == ["I48.0", "I50.9"]
    laterality = small_index.find(terms.tokens("primary osteoarthritis of the left knee"))
    assert laterality == [] or laterality[0].code != "M17.11"
    assert small_index.find(terms.tokens("unilateral primary osteoarthritis, left knee"))[0].code == "M17.12"


def test_unspecified_variants_and_parentheticals(small_index):
    assert small_index.forms[tuple(terms.tokens("chronic diastolic heart failure"))] == "I50.32"
    assert small_index.forms[tuple(terms.tokens("Chronic diastolic (congestive) heart failure"))] == "I50.32"
    assert small_index.forms[tuple(terms.tokens("Heart failure"))] == "I50.9"


def test_a_form_shared_by_two_codes_is_dropped():
    # "stroke" is a curated synonym of I63.9 and an inclusion term of nothing else here,
    # but a made-up collision (two codes, same priority) must leave the form out.
    index = TermIndex.build(["I63.9"])
    assert index.forms[("stroke",)] == "I63.9"
    both = TermIndex.build(["C50.911", "C50.912"])
    shared = [f for f, c in both.forms.items() if f == tuple(terms.tokens("breast cancer"))]
    assert shared == []  # neither code owns the curated synonym of C50.919


def test_every_surface_reads_back_as_its_code(small_index):
    for code, forms in small_index.surfaces.items():
        for form in forms:
            assert small_index.forms[tuple(terms.tokens(form))] == code


def test_a_coders_instruction_is_not_a_surface_form():
    """simple_icd_10_cm lists the note of T30.0 ("This code is not for inpatient use ...") as an
    inclusion term; a note must never write it as a diagnosis."""
    from synth import terms as t

    forms = [f for f, _ in t.code_surfaces("T30.0")] + [f for f, _ in t.code_surfaces("O80")]
    assert forms and not any("code" in f.lower() for f in forms), forms


def test_adjacent_parenthesised_words_stay_apart():
    """ICD-10-CM writes "Hepatitis A (acute)(viral)": dropping the brackets must give "acute viral",
    never the non-word "acuteviral" that a note would then print."""
    forms = [text for text, _ in terms.surface_variants("Hepatitis A (acute)(viral)", 1)]
    assert "Hepatitis A (acute) (viral)" in forms and not any("acuteviral" in f for f in forms)


def test_an_inner_bracket_reads_as_words_and_a_trailing_one_stays_a_bracket():
    """'urinary (tract) infection' is written 'urinary tract infection'; 'Thrombosis (vein) NOS'
    is written 'Thrombosis (vein)', never 'Thrombosis vein'; the index reads the same words."""
    inner = [text for text, _ in terms.surface_variants("Personal history of urinary (tract) infections", 1)]
    assert "Personal history of urinary tract infections" in inner
    trailing = [text for text, _ in terms.surface_variants("Thrombosis (vein) NOS", 1)]
    assert "Thrombosis (vein)" in trailing and not any(t.startswith("Thrombosis vein") for t in trailing)
    assert terms.tokens("Thrombosis (vein)") == terms.tokens("Thrombosis vein")


def test_natural_word_orders_and_index_words_are_read_as_their_code(tmp_path):
    import json

    index_file = tmp_path / "index.jsonl"  # the index's one-word entries for two codes
    index_file.write_text("".join(json.dumps({"query": q, "code": c}) + "\n"
                                  for q, c in (("Constipation", "K59.00"), ("Illness", "R69"))))
    index = TermIndex.build(["M25.551", "C61", "C79.51", "K59.00", "K59.09", "R69"], index_terms=index_file)
    assert index.forms[tuple(terms.tokens("right hip pain"))] == "M25.551"
    assert index.forms[tuple(terms.tokens("prostate cancer"))] == "C61"
    assert index.forms[tuple(terms.tokens("bone metastases"))] == "C79.51"
    assert index.forms[tuple(terms.tokens("constipation"))] == "K59.00"  # the index's word for the code
    assert ("illness",) not in index.forms  # a word every note uses ("present illness") never codes alone
