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
