"""Clinical PHI recognizers, one per file, each configured by the YAML file beside it.

``registry.build_recognizers(names)`` turns the ``[deid] recognizers`` config list into
Presidio recognizers.
"""
