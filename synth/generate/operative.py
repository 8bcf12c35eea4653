"""The technique an operative note tells beside its procedure's own steps: hemostasis,
irrigation, layered closure, drains, the specimen and the hand-off (banks/operative_narrative.yaml).

Real operative reports are a third of MTSamples' words and most of its surgical vocabulary
(suture sizes, instruments, energy devices, irrigants); the procedure steps of operative.yaml
alone gave a few fixed sentences per procedure. Here a frame's {slots} are drawn from lists
each time, so the same frame writes many different sentences: the bank is data, combined per
note, not pasted text.
"""

from __future__ import annotations

import random
from typing import Callable

from synth.generate import banks
from synth.generate.grammar import capitalize, slot_names
from synth.generate.guard import sample
from synth.generate.sig import say

PHASES = ("technique", "hemostasis", "closure", "specimen", "wrap_up")


def approach(cpt: str | None) -> str | None:
    """The kind of procedure a CPT code is (open, laparoscopic, endoscopic ...), None if the
    bank tells no technique for it."""
    return banks.load("operative_narrative")["approach_of"].get(cpt or "")


def fill(frame: str, rng: random.Random) -> str:
    """One sentence of ``frame``: each {slot} drawn from the bank's list (its own choices
    resolved), then the frame's choices."""
    lists = banks.load("operative_narrative")["slots"]
    for name in sorted(slot_names(frame) & set(lists)):  # in place first: a slot inside a choice ("{a|b {irrigant}}")
        frame = frame.replace("{" + name + "}", say(rng.choice(lists[name]), rng))
    return capitalize(say(frame, rng))


def narrative(cpt: str | None, rng: random.Random, draw: Callable[[Callable[[], str]], str],
              scale: float = 1.0) -> dict[str, list[str]]:
    """Phase -> sentences of the technique of ``cpt`` (empty when the bank has none); ``draw``
    keeps a sentence clean (the note's guard), ``scale`` > 1 tells more of each phase."""
    kind = approach(cpt)
    if kind is None:
        return {phase: [] for phase in PHASES}
    bank = banks.load("operative_narrative")
    frames = {**bank["phases"][kind], **({"specimen": bank["phases"]["common"]["specimen"]} if cpt in bank["specimen_of"] else {}),
              "wrap_up": bank["phases"]["common"]["wrap_up"]}
    out: dict[str, list[str]] = {}
    for phase in PHASES:
        low, high = int(bank["fewest"][phase]), max(int(bank["fewest"][phase]), round(int(bank["most"][phase]) * scale))
        chosen = sample(rng, frames.get(phase, []), low, high)
        sentences = [draw(lambda frame=frame: fill(frame, rng)) for frame in chosen]
        out[phase] = [s for s in dict.fromkeys(sentences) if s]
    return out
