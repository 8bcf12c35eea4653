"""MTSamples hide-in-plain-sight: every PHI the annotator finds (placeholders and real values)
becomes a realistic surrogate of its kind, in the note's case; gold spans cover the surrogates.

    records = build(mtsamples_jsonl, hospitals_csv)       # list of gold records, both splits

A record: ``{"id": "mts-<16 hex of the text>", "text", "split": "dev"|"test", "spans":
[{"start", "end", "label", "kind", "origin"}], "source_ids", "specialty"}``. Year-only dates,
ages under 90 and states keep their text and are gold ``YEAR``/``AGE``/``STATE`` (strict
profile only). A surrogate is fixed per (note, original string), so a repeated "Dr. XYZ" stays
one person within a note. Same inputs -> same records (every draw is seeded by the note).
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from chartforge.errors import ChartforgeError
from devsets import dates, values
from devsets.casing import AS_IS, UPPER, apply_case, context_case
from devsets.mtsamples.annotate import HERE, PLACEHOLDER, Annotator, Found, load_hospital_gazetteer
from devsets.splits import split_of, text_key

# The gold's version: bumped whenever the annotator's rules change what becomes gold, so figures
# from two versions are not compared as if the set were the same (devsets/README.md, "Versions").
GOLD_VERSION = 2
KEPT_AS_WRITTEN = {"year", "age", "state", "unresolved"}  # gold, text unchanged
# (a placeholder state "STATE" stays too: a state alone is no Safe Harbor PHI)


@dataclass
class BuildStats:
    notes: int = 0
    duplicates: int = 0
    placeholders: Counter = field(default_factory=Counter)
    spans: Counter = field(default_factory=Counter)  # (origin, kind)
    review_added: int = 0
    review_dropped: int = 0


def read_notes(path: Path) -> tuple[list[dict], int]:
    """Distinct transcriptions, first occurrence first; (notes, duplicates skipped)."""
    if not Path(path).is_file():
        raise ChartforgeError.make("E504", path=path, reason="the MTSamples source is not there; see ../shared/data/README.md")
    notes, seen, duplicates = [], {}, 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text = row.get("transcription")
            if not text:
                continue
            key = text_key(text)
            if key in seen:
                seen[key]["source_ids"].append(row["id"])
                duplicates += 1
                continue
            seen[key] = {"key": key, "text": text, "source_ids": [row["id"]], "specialty": row.get("medical_specialty")}
            notes.append(seen[key])
    return notes, duplicates


def load_review() -> tuple[list[dict], dict[str, list[dict]]]:
    """Manual review decisions (review.yaml): those for every note, and those by note key."""
    with open(HERE / "review.yaml", encoding="utf-8") as handle:
        entries = yaml.safe_load(handle) or {}
    return entries.get("everywhere") or [], {key: value or [] for key, value in (entries.get("notes") or {}).items()}


def lowercase_vocabulary(notes: list[dict]) -> frozenset[str]:
    """Every word written in lower case somewhere in the corpus: a word that never is, is a name."""
    return frozenset(w for note in notes for w in re.findall(r"(?<![\w'])[a-z][a-z'-]+", note["text"]))


def _apply_review(text: str, found: list[Found], decisions: list[dict], stats: BuildStats) -> list[Found]:
    """``drop``: what the rules found at this string is no PHI; ``add``: every whole-word
    occurrence of the string is PHI of ``kind`` (unless something found already covers it)."""
    for decision in decisions:
        value = decision["value"]
        if decision["action"] == "drop":
            kept = [f for f in found if text[f.start:f.end] != value]
            stats.review_dropped += len(found) - len(kept)
            found = kept
            continue
        for m in re.finditer(rf"(?<![\w]){re.escape(value)}(?![\w])", text):
            if all(m.end() <= f.start or f.end <= m.start() for f in found):
                found.append(Found(m.start(), m.end(), decision["kind"], decision.get("origin", "present"),
                                   decision.get("role", "")))
                stats.review_added += 1
    return sorted(found, key=lambda f: f.start)


class Filler:
    """Surrogates for one note; one value per (kind group, original string)."""

    def __init__(self, key: str, text: str):
        self.rng = random.Random(f"devsets:mtsamples:{key}")
        self.text = text
        self.cache: dict[tuple[str, str], str] = {}

    def _cached(self, group: str, original: str, make) -> str:
        if (group, original) not in self.cache:
            self.cache[(group, original)] = make()
        return self.cache[(group, original)]

    def name(self, f: Found, original: str) -> str:
        rng = self.rng
        if f.origin == PLACEHOLDER:
            if f.role == "surname":
                return self._cached("surname", original, lambda: values.surname(rng))
            if f.role == "full":
                return self._cached("full", original, lambda: (lambda p: f"{p.first} {p.last}")(values.person(rng)))
            return self._cached("given", original, lambda: values.first_name(rng) if rng.random() < 0.6
                                else (lambda p: f"{p.first} {p.last}")(values.person(rng)))
        words = original.split()
        out = []
        for i, word in enumerate(words):
            given = len(words) > 1 and i == 0
            out.append(self._cached("given" if given else "surname", word,
                                    lambda: values.first_name(rng) if given else values.surname(rng)))
        return " ".join(out)

    def value(self, f: Found) -> str:
        original = self.text[f.start:f.end]
        rng = self.rng
        if f.label == "NAME":
            return self.name(f, original)
        if f.kind == "facility":
            if f.origin == PLACEHOLDER:
                stem_end = re.match(r"\S+", original).end()
                stem = self._cached("stem", original[:stem_end], lambda: values.facility_stem(rng))
                return stem + original[stem_end:]
            return self._cached("facility", original, lambda: values.facility(rng, "hospital"))
        if f.kind == "county":
            stem = self._cached("stem", original.split()[0], lambda: values.surname(rng))
            return stem + original[len(original.split()[0]):]
        if f.kind == "town":
            return self._cached("town", original, lambda: values.city(rng))
        if f.kind == "date" and f.origin == PLACEHOLDER:  # "MM/DD/YYYY", "Month DD, YYYY": a date of that shape
            day = values.random_date(rng)
            if original[:1].isalpha() and original[:2].upper() != "XX" and original[:2].upper() != "MM":
                return self._cached("date", original, lambda: f"{values.month_name(day.month)} {day.day:02d}, {day.year}")
            year = str(day.year) if len(original.split("/")[-1]) == 4 else f"{day.year % 100:02d}"
            return self._cached("date", original, lambda: f"{day.month:02d}/{day.day:02d}/{year}")
        if f.kind in ("date", "month_year"):
            return self._cached("date", original, lambda: dates.reshape(original, rng, month_year=f.kind == "month_year")
                                or original)
        if f.kind == "age_over_89":
            return self._cached("age", original, lambda: str(rng.randint(90, 104)))
        if f.kind == "phone":
            return values.phone(rng)
        if f.kind == "mrn":
            return self._cached("mrn", original, lambda: values.pattern_id(rng, "MRN"))
        if f.kind == "device":
            return values.pattern_id(rng, "DEVICE")
        if f.kind == "other_id":
            return values.pattern_id(rng, "OTHER_ID")
        if f.kind == "org":
            return self._cached("org", original, lambda: values.company(rng))
        if f.kind == "street":
            number = re.match(r"Suite\s+\d+\s*,\s*", original)
            prefix = f"Suite {rng.randint(100, 999)}, " if number else ""
            return self._cached("street", original, lambda: prefix + values.street(rng))
        if f.kind == "zip":
            return values.zip_code(rng)
        raise ValueError(f"no surrogate for kind {f.kind}")

    def cased(self, f: Found, value: str) -> str:
        original = self.text[f.start:f.end]
        case = context_case(self.text, f.start, f.end)
        if case == AS_IS and f.origin != PLACEHOLDER and original.isupper() and len(original) > 3:
            case = UPPER
        return apply_case(value, case)


def fill(note: dict, found: list[Found]) -> dict:
    text, key = note["text"], note["key"]
    filler = Filler(key, text)
    pieces, spans, cursor, length = [], [], 0, 0
    for f in found:
        between = text[cursor:f.start]
        pieces.append(between)
        length += len(between)
        value = text[f.start:f.end] if f.kind in KEPT_AS_WRITTEN else filler.cased(f, filler.value(f))
        pieces.append(value)
        spans.append({"start": length, "end": length + len(value), "label": f.label, "kind": f.kind, "origin": f.origin})
        length += len(value)
        cursor = f.end
    pieces.append(text[cursor:])
    return {"id": f"mts-{key}", "text": "".join(pieces), "split": split_of(key), "spans": spans,
            "source_ids": note["source_ids"], "specialty": note["specialty"]}


def build(mtsamples: Path, hospitals: Path | None = None, stats: BuildStats | None = None,
          keep: Callable[[str], bool] | None = None) -> list[dict]:
    """Gold records of every distinct note (or of those whose key ``keep`` accepts: a sample
    annotates only its notes; the corpus-wide evidence still reads them all)."""
    stats = stats if stats is not None else BuildStats()
    notes, stats.duplicates = read_notes(mtsamples)
    towns, names = load_hospital_gazetteer(hospitals) if hospitals and Path(hospitals).is_file() else (frozenset(), ())
    annotator = Annotator(towns, names, lowercase_vocabulary(notes), values.given_names())
    everywhere, review = load_review()
    records = []
    for note in notes:
        if keep is not None and not keep(note["key"]):
            continue
        found, placeholder_stats = annotator.annotate(note["text"])
        stats.placeholders.update(placeholder_stats)
        found = _apply_review(note["text"], found, everywhere + review.get(note["key"], []), stats)
        stats.spans.update((f.origin, f.kind) for f in found)
        records.append(fill(note, found))
    stats.notes = len(records)
    return records
