"""Alphabetic Index entries become surface forms only when they read as a clinical phrase that
names the code's own condition."""

import json

import pytest

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


def test_the_index_terms_file_comes_from_the_settings_handed_down(tmp_path):
    """SynthSettings names the file from the configuration it was given (its [codebooks]
    section and [synth] index_term_forms); from_config takes no implicit configuration."""
    from chartforge.config import load_config
    from synth.settings import SynthSettings

    path = tmp_path / "index.jsonl"
    path.write_text(json.dumps({"query": "Fever, persistent", "code": "R50.9"}) + "\n")
    on = load_config(environ={"CHARTFORGE__CODEBOOKS__INDEX_TERMS": str(path)})
    assert SynthSettings.from_config(on).index_terms_file() == path
    assert SynthSettings.from_config(on, index_term_forms=False).index_terms_file() is None
    assert SynthSettings.from_config(load_config(environ={"CHARTFORGE__CODEBOOKS__INDEX_TERMS": '""'})).index_terms_file() is None
    with pytest.raises(TypeError):
        SynthSettings.from_config()  # no fallback on the process configuration


def test_the_term_index_reads_only_the_file_it_is_handed(tmp_path):
    """A process configuration planted with an index terms file is never read below the entry
    point: only the path passed to TermIndex.build adds the index's forms ("remittent fever" is
    no title, inclusion term or synonym of R50.9: only the index file makes it a form)."""
    from chartforge.config import get_config, load_config, set_config
    from synth import terms

    path = tmp_path / "index.jsonl"
    path.write_text(json.dumps({"query": "Fever, remittent", "code": "R50.9"}) + "\n")
    previous = get_config()
    try:
        set_config(load_config(environ={"CHARTFORGE__CODEBOOKS__INDEX_TERMS": str(path)}))
        assert terms.TermIndex.build(["R50.9"]).forms.get(("remittent", "fever")) is None
        assert terms.TermIndex.build(["R50.9"], index_terms=path).forms.get(("remittent", "fever")) == "R50.9"
    finally:
        set_config(previous)


def test_the_full_index_is_cached_per_index_terms_file(tmp_path, monkeypatch):
    """A command or test run with index terms on must not leave its full index to one run later
    with them off, or the reverse: the cache is keyed by the file (before, one key-less cache
    per process made tests/synth's notes depend on whether tests/flows' synth run had filled it)."""
    from synth import terms

    path = tmp_path / "index.jsonl"
    path.write_text(json.dumps({"query": "Fever, persistent", "code": "R50.9"}) + "\n")
    assert index_forms.forms(path) == {"R50.9": ["persistent fever"]} and index_forms.forms(None) == {}
    built = []
    monkeypatch.setattr(terms.TermIndex, "build", classmethod(lambda cls, codes=None, index_terms=None:
                                                              built.append(index_terms) or cls()))
    terms._full_index.cache_clear()
    try:
        with_terms = terms.full_index(path)
        without = terms.full_index(None)
        assert without is not with_terms and terms.full_index() is without and built == [path, None]
        assert terms.full_index(path) is with_terms and len(built) == 2  # still cached per file
    finally:
        terms._full_index.cache_clear()  # the stub indexes never reach another test
