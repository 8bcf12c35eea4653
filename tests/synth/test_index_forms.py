"""Alphabetic Index entries become surface forms only when they read as a clinical phrase that
names the code's own condition."""

import json

from synth import index_forms


def test_a_main_term_and_an_adjectival_modifier_read_as_a_phrase():
    assert index_forms.readable("Pneumonia, lobar") == "lobar pneumonia"
    assert index_forms.readable("Fever, persistent") == "persistent fever"
    assert index_forms.readable("Hypertension, hypertensive, malignant") == "malignant hypertension"  # variant dropped
    assert index_forms.readable("Diarrhea, diarrheal, Flexner's") == "Flexner's diarrhea"


def test_paths_that_need_a_coders_reading_are_left_out():
    for query in ("Spasm, heart", "Anemia, due to, myxedema", "Dependence, drug NEC, nicotine", "Low, hemoglobin",
                  "History, personal, nicotine dependence", "Pneumonia, lobar, right", "Presence, implant, cochlear"):
        assert index_forms.readable(query) is None, query


def test_a_form_must_name_the_codes_own_condition(tmp_path):
    path = tmp_path / "index.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"query": "Fever, persistent", "code": "R50.9"},
        {"query": "Xanthoma, hyperlipidemic", "code": "E78.5"},   # a lesion, not hyperlipidemia
        {"query": "Anemia, normocytic", "code": "D64.9"},
        {"query": "Anemia, normocytic", "code": "D64"},           # not billable
    ]) + "\nnot json\n")
    assert index_forms.read_forms(path) == {"R50.9": ["persistent fever"], "D64.9": ["normocytic anemia"]}


def test_one_word_main_entries_are_read_per_code(tmp_path):
    path = tmp_path / "index.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"query": "Constipation", "code": "K59.00"},
        {"query": "Tremor", "code": "R25.1"},
        {"query": "Dyschezia", "code": "K59.00"},
        {"query": "Constipation, drug-induced", "code": "K59.03"},  # a path, not one word
        {"query": "Anemia", "code": "D64"},                        # not billable
    ]) + "\n")
    assert index_forms.read_single_words(path) == {"K59.00": {"constipation", "dyschezia"}, "R25.1": {"tremor"}}


def test_forms_and_the_full_index_follow_the_configuration_in_force(tmp_path, monkeypatch):
    """A command or test run with index terms on must not leave its forms (or its full index)
    to one run later with them off: the caches are keyed by the index-terms file (before, one
    key-less cache per process made tests/synth's notes depend on whether tests/flows' synth run
    had filled it first)."""
    from chartforge.config import get_config, load_config, set_config
    from synth import terms

    path = tmp_path / "index.jsonl"
    path.write_text(json.dumps({"query": "Fever, persistent", "code": "R50.9"}) + "\n")
    previous = get_config()
    built = []
    monkeypatch.setattr(terms.TermIndex, "build", classmethod(lambda cls, codes=None: built.append(1) or cls()))
    terms._full_index.cache_clear()
    try:
        set_config(load_config(environ={"CHARTFORGE__CODEBOOKS__INDEX_TERMS": str(path)}))
        assert index_forms.configured_forms() == {"R50.9": ["persistent fever"]}
        with_terms = terms.full_index()
        set_config(load_config(environ={"CHARTFORGE__CODEBOOKS__INDEX_TERMS": '""'}))
        assert index_forms.configured_forms() == {}
        without = terms.full_index()
        assert without is not with_terms and terms.full_index() is without and len(built) == 2
        set_config(load_config(environ={"CHARTFORGE__CODEBOOKS__INDEX_TERMS": str(path)}))
        assert terms.full_index() is with_terms and len(built) == 2  # still cached per file
    finally:
        set_config(previous)
        terms._full_index.cache_clear()  # the stub indexes never reach another test
