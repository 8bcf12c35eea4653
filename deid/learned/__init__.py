"""The learned NER model of the de-ID chain (issue 15 item 2): a small spaCy pipeline trained
from scratch by ``chartforge deid train`` on the project's own gold (training.yaml), shipped in
``model/`` with ``version.json`` and ``MODEL_CARD.md``.

* ``train.py``    - the training command's work: data (``corpus.py``) -> BIO tagger (``network.py``);
* ``model.py``    - load (offline, hash-checked) and tag: scored spans and per-token P(PHI);
* ``detector.py`` - the model alone as a detector (a ``deid eval --suite`` contender).

The first pass (deid/detect.py) adds the model's confident spans (recall first); the
verification pass (deid/verify.py) uses it as a second opinion on its dictionary hits.
"""
