"""Compose nursing notes from grammar.yaml; gold offsets are recorded while the text is built.

    notes = generate(seed=1, count=500)      # gold records {"id", "text", "spans", "seed", "style"}

Each note draws from its own ``random.Random`` seeded by (seed, index): a note depends only on
the seed and its index, and another seed gives other text. A note is written in one case style:
``lower`` (everything lower case), ``upper`` (ALL CAPS) or ``mixed`` (clinical shorthand lower
case, names and places capitalised, section heads in capitals). Casing is applied per piece
before its offset is taken, so a value whose upper case is longer ("ß") keeps exact spans.
"""

from __future__ import annotations

import functools
import random
import re
from pathlib import Path

import yaml

from demodata.resources import pick, weighted
from devsets.nursing.phi import PhiRenderer

HERE = Path(__file__).resolve().parent
_SLOT = re.compile(r"\{([^{}]+)\}")
_NUMBER = re.compile(r"^([nd]):(-?\d+)-(-?\d+)$")
_NAME_LABELS = {"NAME", "LOCATION"}


@functools.cache
def grammar() -> dict:
    with open(HERE / "grammar.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


class NoteBuilder:
    def __init__(self, style: str):
        self.style = style
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[dict] = []

    def cased(self, text: str, label: str | None) -> str:
        if self.style == "upper":
            return text.upper()
        if self.style == "lower":
            return text.lower()
        if label in _NAME_LABELS and text.islower():  # mixed: names and places capitalised
            return " ".join(w[:1].upper() + w[1:] if len(w) > 3 or label == "NAME" else w.upper() for w in text.split(" "))
        return text

    def add(self, text: str, label: str | None = None) -> None:
        if not text:
            return
        text = self.cased(text, label)
        if label is not None:
            self.spans.append({"start": self.length, "end": self.length + len(text), "label": label})
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


class NursingNoteGenerator:
    def __init__(self, seed: int):
        self.seed = seed
        self.grammar = grammar()
        self.clinical = set(self.grammar["clinical_abbreviations"])

    def _expand(self, template: str, rng: random.Random, phi: PhiRenderer, depth: int = 0) -> list[tuple[str, str | None]]:
        pieces: list[tuple[str, str | None]] = []
        position = 0
        for match in _SLOT.finditer(template):
            pieces.append((template[position:match.start()], None))
            slot = match.group(1)
            number = _NUMBER.match(slot)
            if number:
                low, high = int(number.group(2)), int(number.group(3))
                value = rng.randint(low, high)
                pieces.append((str(value) if number.group(1) == "n" else f"{value}.{rng.randint(0, 9)}", None))
            elif slot.startswith("phi:"):
                pieces.extend(phi.render(slot[4:]))
            else:
                if depth > 6:
                    raise ValueError(f"grammar slot {slot} recurses too deep")
                pieces.extend(self._expand(pick(rng, self.grammar["lexicon"][slot]), rng, phi, depth + 1))
            position = match.end()
        pieces.append((template[position:], None))
        return [p for p in pieces if p[0]]

    def note(self, index: int) -> dict:
        rng = random.Random(f"devsets:nursing:{self.seed}:{index}")
        g = self.grammar
        style = weighted(rng, g["case_styles"])
        phi = PhiRenderer(rng, self.clinical)
        builder = NoteBuilder(style)
        heading = style == "mixed"
        for text, label in self._expand(pick(rng, g["headers"]), rng, phi):
            builder.add(text.upper() if heading and label is None else text, label)
        builder.add("\n")
        extra = random.Random(f"devsets:nursing:{self.seed}:{index}:extra")  # its own stream: see grammar.yaml
        if extra.random() < g.get("extra_odds", 0):
            for text, label in self._expand(pick(extra, g["extra_lines"]), extra, PhiRenderer(extra, self.clinical)):
                builder.add(text, label)
            builder.add("\n")
        shapes = random.Random(f"devsets:nursing:{self.seed}:{index}:shapes")  # a third stream: see grammar.yaml
        if shapes.random() < g.get("shape_odds", 0):
            for text, label in self._expand(pick(shapes, g["shape_lines"]), shapes, PhiRenderer(shapes, self.clinical)):
                builder.add(text, label)
            builder.add("\n")
        chosen = [name for name, odds in g["section_odds"].items() if rng.random() < odds]
        if not any(name in ("social", "dispo", "events") for name in chosen):
            chosen.append(pick(rng, ("social", "dispo", "events")))
        separator = pick(rng, ("\n", "\n", " ", "\n\n"))
        for name in chosen:
            section = g["sections"][name]
            head = pick(rng, section["heads"])
            builder.add(head.upper() if heading else head)
            builder.add(" ")
            for count in range(rng.choice((1, 1, 2))):
                if count:
                    builder.add(" ")
                for text, label in self._expand(pick(rng, section["lines"]), rng, phi):
                    builder.add(text, label)
            builder.add(separator)
        if rng.random() < g["signature_odds"]:
            for text, label in self._expand(pick(rng, g["signatures"]), rng, phi):
                builder.add(text, label)
        return {"id": f"nursing-{self.seed}-{index:05d}", "text": builder.text().rstrip(" "), "spans": builder.spans,
                "seed": self.seed, "style": style}


def generate(seed: int, count: int) -> list[dict]:
    generator = NursingNoteGenerator(seed)
    return [generator.note(index) for index in range(count)]
