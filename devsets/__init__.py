"""Real-language dev sets for the de-ID detector (issue 15, item 1): gold PHI spans on text that
reads like real clinical notes, made by the project and kept honest.

* ``mtsamples/`` - *hide in plain sight*: MTSamples' placeholders ("Dr. XYZ", "ABC Hospital")
  and the names, places and dates it already holds become realistic surrogates with gold spans;
  notes are split by a stable hash of their text into dev and test.
* ``nursing/`` - a generator of terse ICU/ward nursing notes (a seed gives a new set) with
  planted PHI in the shapes real notes use.
* ``realtext.py`` - real text without PHI (CodiEsp case reports) for false flags per 1,000 words.
* ``catalog.py`` - every set by name, as gold records ``{"id", "text", "spans", ...}``.

The source data lives in ``../shared/data`` (development data): nothing here is needed at run
time, and a missing source is one clear line (E504), never a traceback. Gold span boundaries
follow docs/contracts.md section 1; labels beyond the HIPAA ones (``YEAR``, ``AGE``, ``STATE``)
mark what only the ``strict`` profile counts (deid/label_maps/strict.yaml).
"""
