"""Presidio wiring: the spaCy NLP engine (always our own loader with the packaged model;
Presidio's default configuration would download one) and an AnalyzerEngine holding only
chartforge's recognizers.

Speed (bench/deid_profile.py measures each part): spaCy's NER is most of the first pass's CPU,
so the engine loads only what the recognizers read and runs it as cheaply as it gives the
same entities:

* the unused components are *excluded* at load (never built, never in memory), not disabled;
* the models' matrix products go through numpy's BLAS instead of thinc's bundled BLIS
  (``NumpyOps(use_blis=False)``): the same entities on the demo, pii_synth and nursing sets,
  about a quarter less CPU in the NER's embedding CNN on one core;
* Presidio's per-note artifacts skip lemmas and keywords (its lemma-based context enhancer,
  which chartforge's recognizers do not use: their context lives in their data files), and
  the analyzer runs no context enhancer (it deep-copied every result of every note).
"""

from __future__ import annotations

import copy

from deid.nlp_imports import import_nlp_libraries

import_nlp_libraries()  # before spacy and presidio: without torch (deid/nlp_imports.py)

import spacy  # noqa: E402
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry  # noqa: E402
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer  # noqa: E402
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine  # noqa: E402

from deid.recognizers.base import DEFAULT_PROFILE  # noqa: E402
from deid.recognizers.registry import build_recognizers  # noqa: E402
from deid.resources import data_file, load_data  # noqa: E402


def numpy_blas(nlp) -> None:
    """Run ``nlp``'s models' matrix products through numpy's BLAS (see the module docstring).
    Used for the learned model too; nothing else of thinc's CPU ops changes."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


class ChartforgeSpacyEngine(SpacyNlpEngine):
    """Presidio's spaCy engine that loads the model without ``exclude``d components and hands
    the recognizers the doc and its entities only."""

    def __init__(self, models, ner_model_configuration, exclude=()):
        super().__init__(models=models, ner_model_configuration=ner_model_configuration)
        self.exclude = list(exclude)

    def load(self) -> None:
        self.nlp = {}
        for model in self.models:
            # a package name only: spacy.load never downloads, a missing model is an ImportError/OSError
            nlp = spacy.load(model["model_name"], exclude=self.exclude)
            numpy_blas(nlp)
            self.nlp[model["lang_code"]] = nlp

    def _doc_to_nlp_artifact(self, doc, language: str) -> NlpArtifacts:
        entities, scores = self._get_updated_entities(self._get_entities(doc), self._get_scores_for_entities(doc))
        # no lemmas: they feed only Presidio's keyword list for its context enhancer (unused)
        return NlpArtifacts(entities=entities, tokens=doc, tokens_indices=[], lemmas=[], nlp_engine=self,
                            language=language, scores=scores)


class NoContextEnhancer(ContextAwareEnhancer):
    """Returns the results as they are: chartforge's recognizers score context themselves."""

    def __init__(self):
        super().__init__(context_similarity_factor=0.0, min_score_with_context_similarity=0.0,
                         context_prefix_count=0, context_suffix_count=0)

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        return raw_results


class ChartforgeAnalyzer(AnalyzerEngine):
    """Presidio's analyzer without its context step: its per-recognizer regrouping of the
    results (a pass over every result for every recognizer, per note) only fed the context
    enhancers, and none runs here (NoContextEnhancer; no chartforge recognizer overrides
    ``enhance_using_context``). The results keep their order: each recognizer's results
    were already contiguous, in recognizer order."""

    def _enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        return raw_results


def build_nlp_engine(model: str, exclude: list[str] | tuple = ()):
    """A loaded spaCy engine for ``model`` without the ``exclude``d components: the detectors
    read tokens and NER only (parser, tagger, lemmatizer and the shared tok2vec feed nothing
    they use; the model's ner embeds tokens itself, tests/deid/test_spacy_components.py)."""
    configuration = copy.deepcopy(load_data(data_file(__file__, "data/nlp_engine.yaml")))
    configuration["models"][0]["model_name"] = model
    engine = ChartforgeSpacyEngine(
        models=configuration["models"],
        ner_model_configuration=NerModelConfiguration.from_dict(configuration["ner_model_configuration"]),
        exclude=exclude)
    engine.load()
    return engine


def build_analyzer(nlp_engine, recognizer_names: list[str], profile: str = DEFAULT_PROFILE,
                   options: dict[str, dict] | None = None) -> AnalyzerEngine:
    registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in build_recognizers(recognizer_names, profile, options):
        registry.add_recognizer(recognizer)
    return ChartforgeAnalyzer(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"],
                              context_aware_enhancer=NoContextEnhancer())
