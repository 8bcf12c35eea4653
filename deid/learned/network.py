"""The spaCy pipeline of the learned model: a blank English tokenizer and one ``tagger`` with a
tok2vec of its own (no pretrained vectors, nothing downloaded) that tags tokens BIO."""

from __future__ import annotations

from deid.learned.labels import TAGS

COMPONENT = "phi_tagger"


def model_config(spec: dict) -> dict:
    """spaCy's registered architectures, sized by training.yaml ``model``."""
    return {
        "@architectures": "spacy.Tagger.v2",
        "nO": None,
        "normalize": True,  # probabilities at inference (the scores are P(tag))
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": {
                "@architectures": "spacy.MultiHashEmbed.v2",
                "width": spec["width"],
                "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
                "rows": list(spec["rows"]),
                "include_static_vectors": False,
            },
            "encode": {
                "@architectures": "spacy.MaxoutWindowEncoder.v2",
                "width": spec["width"],
                "depth": spec["depth"],
                "window_size": spec["window_size"],
                "maxout_pieces": spec["maxout_pieces"],
            },
        },
    }


def blank_pipeline(spec: dict):
    import spacy

    nlp = spacy.blank("en")
    tagger = nlp.add_pipe("tagger", name=COMPONENT, config={"model": model_config(spec)})
    for tag in TAGS:
        tagger.add_label(tag)
    return nlp
