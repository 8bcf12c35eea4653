"""The first pass disables spaCy components it never reads; tok2vec is only safe to disable
while the model's ner embeds tokens itself (a tok2vec *listener* would read the disabled one)."""

from __future__ import annotations

import pytest

from deid.settings import DEFAULTS


@pytest.mark.slow
def test_disabled_components_leave_ner_its_own_embedding():
    import spacy

    nlp = spacy.load(DEFAULTS["spacy_model"])
    assert "ner" not in DEFAULTS["disable_components"]
    assert set(DEFAULTS["disable_components"]) <= set(nlp.pipe_names)
    ner_embedding = nlp.get_pipe_config("ner")["model"]["tok2vec"]["@architectures"]
    assert "Listener" not in ner_embedding, ner_embedding
    doc = spacy.load(DEFAULTS["spacy_model"], disable=DEFAULTS["disable_components"])(
        "Seen by Dr. Maria Lopez at Mercy Hospital in Boston on March 3, 2021.")
    assert {"PERSON", "ORG", "GPE", "DATE"} & {e.label_ for e in doc.ents}


@pytest.mark.slow
def test_the_engine_excludes_unused_components_and_keeps_ner_entities():
    import spacy

    from deid.engine import build_nlp_engine

    engine = build_nlp_engine(DEFAULTS["spacy_model"], DEFAULTS["disable_components"])
    nlp = engine.nlp["en"]
    assert not set(DEFAULTS["disable_components"]) & set(nlp.component_names)  # not loaded at all
    text = "Seen by Dr. Maria Lopez at Mercy Hospital in Boston on March 3, 2021, with her son Tom."
    full = spacy.load(DEFAULTS["spacy_model"])(text)
    (_, artifacts), = engine.process_batch([text], "en")
    assert [(e.start_char, e.end_char, e.label_) for e in artifacts.tokens.ents] == \
        [(e.start_char, e.end_char, e.label_) for e in full.ents]
    assert artifacts.lemmas == [] and artifacts.keywords == []  # no work for Presidio's unused enhancer
