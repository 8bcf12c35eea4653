"""The first-pass PHI detector: spaCy NER and clinical recognizers through Presidio, then the
regex scrub layer, then the deny list and a deterministic merge.

Speed: one ``nlp.pipe`` call per batch (the costly part), then the recognizers on the
ready docs through ``AnalyzerEngine.analyze(nlp_artifacts=...)``; models load once per
detector, so build one per process and reuse it.
"""

from __future__ import annotations

from deid.chunking import chunk_text
from deid.deny import DenyList
from deid.engine import build_analyzer, build_nlp_engine, numpy_blas
from deid.memory_zones import memory_zone
from deid.merge import merge_spans
from deid.name_propagation import NamePropagator
from deid.recognizers.base import DataRecognizer  # noqa: F401  (re-exported for recognizer authors)
from deid.scrub import Scrubber
from deid.settings import deid_settings, recognizer_options
from deid.spans import LABELS, Span

LANGUAGE = "en"


class PhiDetector:
    def __init__(self, config=None):
        self.settings = deid_settings(config)
        self.nlp_engine = build_nlp_engine(self.settings["spacy_model"], self.settings["disable_components"])
        self.analyzer = build_analyzer(self.nlp_engine, self.settings["recognizers"], self.settings["profile"],
                                       recognizer_options(config))
        self.scrubber = Scrubber() if self.settings["scrub"] else None
        self.deny = DenyList()
        self.names = NamePropagator()
        # the learned NER model (deid/learned/): its confident spans join the first pass (recall first)
        self.learned = None
        if self.settings["learned_first_pass"]:
            from deid.learned.model import LearnedModel

            self.learned = LearnedModel.load(self.settings["learned_model"] or None)
            numpy_blas(self.learned.nlp)  # the same tags, less CPU (deid/engine.py)

    def detect(self, text: str) -> list[Span]:
        return self.detect_batch([text])[0]

    def detect_batch(self, texts: list[str], batch_size: int | None = None) -> list[list[Span]]:
        batch_size = batch_size or self.settings["batch_size"]
        pieces = []  # (note index, offset, piece text)
        for index, text in enumerate(texts):
            if text:
                pieces.extend((index, offset, piece)
                              for offset, piece in chunk_text(text, self.settings["max_chunk_chars"]))
        found: list[list[Span]] = [[] for _ in texts]
        # the new words' lexemes are freed after the batch (deid/memory_zones.py): no Doc leaves this block
        with memory_zone(self.nlp_engine.nlp[LANGUAGE], len(texts)):
            artifacts = self.nlp_engine.process_batch([p[2] for p in pieces], LANGUAGE, batch_size=batch_size)
            for (index, offset, piece), (_, nlp_artifacts) in zip(pieces, artifacts):
                found[index].extend(self._analyze_piece(piece, nlp_artifacts, offset))
            artifacts = nlp_artifacts = None  # the Docs die inside the zone
        if self.learned is not None:
            threshold = self.settings["learned_threshold"]
            for index, spans in enumerate(self.learned.spans(texts)):
                found[index].extend(s for s in spans if s.score >= threshold)
        for index, text in enumerate(texts):
            if text and self.scrubber is not None:
                found[index].extend(self.scrubber.scrub(text))
            if text:  # a name found once vouches for its repetitions and list siblings
                found[index] = self.names.expand(text, found[index])
            found[index] = merge_spans(found[index])
        return found

    def _analyze_piece(self, piece: str, nlp_artifacts, offset: int) -> list[Span]:
        results = self.analyzer.analyze(text=piece, language=LANGUAGE, nlp_artifacts=nlp_artifacts,
                                        score_threshold=self.settings["score_threshold"])
        spans = []
        for result in results:
            if result.entity_type not in LABELS:
                continue
            metadata = result.recognition_metadata or {}
            deny = metadata.get("deny")
            if deny and self.deny.vetoes(piece[result.start:result.end], cued=deny == "cued"):
                continue
            source = metadata.get("recognizer_name", "")
            spans.append(Span(result.start + offset, result.end + offset, result.entity_type,
                              round(float(result.score), 4), source))
        return spans
