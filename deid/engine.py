"""Presidio wiring: the spaCy NLP engine (always via NlpEngineProvider with the packaged
model; the default configuration would download one) and an AnalyzerEngine holding only
chartforge's recognizers."""

from __future__ import annotations

import copy

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpEngineProvider

from deid.recognizers.base import DEFAULT_PROFILE
from deid.recognizers.registry import build_recognizers
from deid.resources import data_file, load_data


def build_nlp_engine(model: str, disable: list[str] | tuple = ()):
    """A loaded Presidio SpacyNlpEngine for ``model``; ``disable`` drops spaCy components the
    detectors never read (parser, tagger, lemmatizer: the recognizers use tokens and NER, and
    none uses Presidio's lemma-based context words), which cuts the cost of a note by half."""
    configuration = copy.deepcopy(load_data(data_file(__file__, "data/nlp_engine.yaml")))
    configuration["models"][0]["model_name"] = model
    engine = NlpEngineProvider(nlp_configuration=configuration).create_engine()
    nlp = engine.nlp["en"]
    for component in disable:
        if component in nlp.pipe_names:
            nlp.disable_pipe(component)
    return engine


def build_analyzer(nlp_engine, recognizer_names: list[str], profile: str = DEFAULT_PROFILE,
                   options: dict[str, dict] | None = None) -> AnalyzerEngine:
    registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in build_recognizers(recognizer_names, profile, options):
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])
