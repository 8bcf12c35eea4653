"""Composing one note from templates.yaml: preamble, title, sections with headers, footer.

Text is built piece by piece; every labelled piece is recorded as a gold span at the
offset where it lands, so offsets are exact by construction (a test re-checks them).
Note casing (ALL CAPS, lower-case names) is applied per piece, before its offset is
taken, so a case change that alters length could never shift a span.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field

from demodata.clinical import ClinicalResolver
from demodata.phi import AGE_LIMIT, PhiResolver
from demodata.resources import load, pick, weighted

_PLACEHOLDER = re.compile(r"\{(\w+)(?::(\w+))?\}")
_BLOCK_KINDS = ("_block}", "{lab_table}", "{vitals}", "{diagnosis_list}")
_MAX_DEPTH = 4


@dataclass
class Section:
    title: str  # header as written ("Document header" / "Signature" for the outer chunks)
    name: str  # canonical name (templates.yaml key)
    start: int


@dataclass
class ComposedNote:
    text: str
    spans: list[tuple[int, int, str]]
    sections: list[Section]
    casing: str


@dataclass
class NoteBuilder:
    casing: str  # normal | upper | lower (whole note) | lower_names
    parts: list[str] = field(default_factory=list)
    length: int = 0
    spans: list[tuple[int, int, str]] = field(default_factory=list)

    def add(self, text: str, label: str | None = None) -> None:
        if not text:
            return
        if not text.isascii():
            text = unicodedata.normalize("NFC", text)
        if self.casing == "upper":
            text = text.upper()
        elif self.casing == "lower":
            text = text.lower()
        elif self.casing == "lower_names" and label == "NAME":
            text = text.lower()
        if label:
            self.spans.append((self.length, self.length + len(text), label))
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


class NoteComposer:
    def __init__(self, phi: PhiResolver, clinical: ClinicalResolver, rng: random.Random):
        self.phi, self.clinical, self.rng = phi, clinical, rng
        self.templates = load("templates.yaml")

    # ---- placeholder expansion -------------------------------------------------------
    def expand(self, frame: str, builder: NoteBuilder, depth: int = 0) -> None:
        position = 0
        for match in _PLACEHOLDER.finditer(frame):
            builder.add(frame[position:match.start()])
            self._placeholder(match.group(1), match.group(2), builder, depth)
            position = match.end()
        builder.add(frame[position:])

    def _placeholder(self, kind: str, arg: str | None, builder: NoteBuilder, depth: int) -> None:
        lowered = kind[0].lower() + kind[1:]
        if lowered in PhiResolver.KINDS:
            for text, label in self.phi.resolve(lowered, arg):
                builder.add(text, label)
            return
        value = self.clinical.resolve(lowered)
        if value is None:
            raise KeyError(f"templates.yaml uses an unknown placeholder {{{kind}}}")
        if kind[0].isupper():
            value = value[:1].upper() + value[1:]
        if depth >= _MAX_DEPTH:
            raise RecursionError(f"placeholder {{{kind}}} expands too deeply")
        self.expand(value, builder, depth + 1)

    # ---- note layout -------------------------------------------------------------------
    def compose(self, note_type: str, force_labels: set[str], casing: str | None = None) -> ComposedNote:
        rng, t = self.rng, self.templates
        spec = t["note_types"][note_type]
        casing = casing or weighted(rng, spec.get("casing") or load("phi_formats.yaml")["casing"])
        builder = NoteBuilder(casing)
        sections = [Section("Document header", "preamble", 0)]

        for line in self._draw(t["preamble"]):
            self.expand(line, builder)
            builder.add("\n")
        builder.add("\n" + pick(rng, spec["titles"]) + "\n\n")

        chosen = [s for s in spec["sections"] if (s not in spec.get("optional", []) or rng.random() < 0.6)
                  and self._requirement_met(t["sections"][s].get("requires"))]
        # Label frames (forced or random extras) go to random sections, one slot each.
        slots: dict[int, list[str]] = {}
        for frame in self._label_frames(force_labels):
            slots.setdefault(rng.randrange(len(chosen)), []).append(frame)
        for position, name in enumerate(chosen):
            section = t["sections"][name]
            header = pick(rng, section["headers"])
            sections.append(Section(header, name, builder.length))
            self._header(header, builder)
            self._body(self._draw(section) + slots.get(position, []), builder)
            builder.add("\n\n")

        sections.append(Section("Signature", "footer", builder.length))
        for line in self._draw(t["footer"]):
            self.expand(line, builder)
            builder.add("\n")
        return ComposedNote(builder.text(), builder.spans, sections, casing)

    def _requirement_met(self, requirement: str | None) -> bool:
        if requirement == "implant":
            return bool((self.clinical.ctx.procedure or {}).get("implant"))
        return requirement is None

    def _draw(self, spec: dict) -> list[str]:
        """The `always` frames, then `pick` frames drawn at random but kept in file order
        (templates list them in the order a clinician writes them: "General:" before "Ext:")."""
        low, high = spec.get("pick", [1, 1])
        pool = spec.get("frames", spec.get("lines", []))
        count = min(self.rng.randint(low, high), len(pool))
        return list(spec.get("always", [])) + [pool[i] for i in sorted(self.rng.sample(range(len(pool)), count))]

    def _label_frames(self, force_labels: set[str]) -> list[str]:
        rng, table = self.rng, self.templates["label_frames"]
        labels = sorted(force_labels)
        if self.phi.age_at_service() <= AGE_LIMIT and "AGE_OVER_89" in labels:
            labels.remove("AGE_OVER_89")  # an age under 90 is not PHI: cannot be forced here
        for _ in range(weighted(rng, self.templates["extra_label_frames"])):
            labels.append(pick(rng, sorted(table)))
        return [pick(rng, table[label]) for label in labels]

    def _header(self, header: str, builder: NoteBuilder) -> None:
        style = weighted(self.rng, self.templates["header_styles"])
        if style == "block_colon":
            builder.add(f"{header}:\n")
        elif style == "inline_colon":
            builder.add(f"{header}: ")
        elif style == "block_bare":
            builder.add(f"{header}\n")
        else:
            builder.add(f"{header}\n{'-' * len(header)}\n")

    def _body(self, frames: list[str], builder: NoteBuilder) -> None:
        paragraph = self.rng.random() < 0.7
        previous_block = False
        for i, frame in enumerate(frames):
            block = any(kind in frame for kind in _BLOCK_KINDS)
            if i:
                builder.add("\n" if block or previous_block or not paragraph else " ")
            self.expand(frame, builder)
            previous_block = block
