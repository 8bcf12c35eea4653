"""Clinical PHI recognizers, one per file, each configured by the YAML file beside it.

``registry.build_recognizers(names)`` turns the ``[deid] recognizers`` config list into
Presidio recognizers.
"""

from deid.nlp_imports import import_nlp_libraries

import_nlp_libraries()  # the recognizers import spacy and presidio: without torch (deid/nlp_imports.py)
