"""Bounded spaCy vocabularies for long runs: every new token string ("Hrabovsky", "4471-B",
a date) becomes a lexeme and a string in the pipeline's vocabulary and stays there for the life
of the process, so a worker that de-identifies a million notes would grow by every distinct
word of the export (bench/vocab_growth.py measures it). spaCy 3.8's ``nlp.memory_zone()``
frees what a block of work added; the detectors run their spaCy work inside one.

A zone must not close while another thread still reads a Doc made in it, and zones must not
nest; the flow's chunk threads share one detector (deid/pipeline_steps.py). So the threads
using one pipeline share one open zone (``ZoneGate``): the first to enter opens it, the last
to leave closes it. Closing when nobody is inside means that no Doc outlives its zone and no
caller outside the gate ever allocates into it. If the threads overlap without a pause, a
zone that has seen ``max_notes`` notes lets no new caller in until the callers inside have
left, so it always closes.

Results never depend on the zone: it frees memory, it does not change a lexeme's attributes
(the spans are compared with and without, `bench.deid_profile --dump/--compare`). What a
caller keeps from inside a zone must be plain data (offsets, labels, scores), never a Doc,
Token, Span or Lexeme.
"""

from __future__ import annotations

import contextlib
import threading
import weakref

MAX_NOTES = 2000  # per zone when threads keep overlapping: at most this many notes' new words held
# The first notes a pipeline sees run outside any zone: their words (the export's everyday
# vocabulary: "the", "patient", "Plan:") stay, so later zones do not build them again for
# every batch. A bounded, one-off cost in memory.
WARM_NOTES = 500

_gates: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_gates_lock = threading.Lock()


class ZoneGate:
    """One spaCy pipeline's memory zone, shared by the threads that use the pipeline."""

    def __init__(self, nlp, max_notes: int = MAX_NOTES, warm_notes: int = WARM_NOTES):
        self.nlp = nlp
        self.max_notes = max_notes
        self.warm_notes = warm_notes  # notes still to run outside a zone
        self._condition = threading.Condition()
        self._inside = 0
        self._zone = None  # the open memory_zone() context manager
        self._notes = 0
        self._draining = False
        self.closed = 0  # zones closed so far (tests, benches)

    @contextlib.contextmanager
    def enter(self, notes: int):
        """Run a block of spaCy work on ``notes`` notes inside the shared zone."""
        with self._condition:
            while self._draining:
                self._condition.wait()
            if self.warm_notes > 0:
                self.warm_notes -= notes  # (inside a zone a thread opened, its words go with that zone)
            elif self._zone is None:
                self._zone = self.nlp.memory_zone()
                self._zone.__enter__()
                self._notes = 0
            self._inside += 1
        try:
            yield
        finally:
            with self._condition:
                self._inside -= 1
                self._notes += notes
                if self._notes >= self.max_notes and self._zone is not None:
                    self._draining = True  # no new caller until this zone closes
                if self._inside == 0 and self._zone is not None:
                    zone, self._zone = self._zone, None
                    self._draining = False
                    self.closed += 1
                    zone.__exit__(None, None, None)
                    self._condition.notify_all()


def zone_gate(nlp) -> ZoneGate:
    """The process's one gate for ``nlp`` (one pipeline object can serve several detectors:
    the learned model is loaded once for the first pass and the verification pass)."""
    with _gates_lock:
        gate = _gates.get(nlp)
        if gate is None:
            gate = _gates[nlp] = ZoneGate(nlp, MAX_NOTES, WARM_NOTES)
        return gate


def memory_zone(nlp, notes: int):
    """``with memory_zone(nlp, len(texts)):`` — the spaCy work on ``texts``, freed afterwards
    of what it added to ``nlp``'s vocabulary; a no-op with a spaCy older than 3.8."""
    if not hasattr(nlp, "memory_zone"):
        return contextlib.nullcontext()
    return zone_gate(nlp).enter(notes)
