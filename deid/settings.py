"""The ``[deid]`` config section as a plain dict (its defaults: chartforge/settings/sections.py).

``PhiDetector(config)`` and friends accept None (the packaged defaults), a ``chartforge.config.Config``
(what entry points and the batch plan pass) or a plain dict of ``[deid]`` keys, so library
callers and tests need no config file. Nothing here reads the process configuration. A dict
is laid over the same defaults production reads, so ``PhiDetector({})`` runs production's
recognizers (it ran 22 of the 25 while the defaults were written twice).
"""

from __future__ import annotations

from dataclasses import asdict

from chartforge.settings.sections import DeidSection

# Sub-tables ([deid.surrogates], [deid.flow]) are read by their own modules.
DEFAULTS = {k: v for k, v in asdict(DeidSection()).items() if not isinstance(v, dict)}


def site_lexicon_file(config):
    """Where the site lexicon is (deid/site_lexicon.py): ``[deid] site_lexicon`` of ``config``
    (a Config or settings tree), else ``<paths.work_dir>/site/lexicon.yaml``."""
    from deid.site_lexicon import lexicon_path

    return lexicon_path(config)


def recognizer_options(config) -> dict[str, dict]:
    """Per-recognizer arguments that come from the whole configuration, not the [deid] section:
    the site lexicon a batch plan's config names (a Dask worker or a resumed run then applies the
    lexicon the batch id was computed from). A plain dict of [deid] keys gives the lexicon file
    its ``site_lexicon`` key names (an entry point resolves it, ``deid detect``); a dict that
    names none, or None, gives no lexicon: never the process configuration's."""
    if config is None:
        return {}
    if not hasattr(config, "sources"):
        named = config.get("site_lexicon") if isinstance(config, dict) else None
        return {"site_lexicon": {"path": named}} if named else {}
    return {"site_lexicon": {"path": site_lexicon_file(config)}}


def deid_settings(config=None) -> dict:
    section = config.get("deid", {}) if hasattr(config, "sources") else config
    settings = dict(DEFAULTS)
    settings.update({k: v for k, v in (section or {}).items() if k in DEFAULTS})
    return settings
