"""Gold spans are exact: every span's text is a planted value, spans are trimmed, sorted and
never overlap; the span rules of demodata/phi.py hold on the generated export."""

from __future__ import annotations

import json
import re

from demodata.phi import AGE_LIMIT
from tests.demodata.helpers import gold


def test_every_gold_span_is_exactly_a_planted_value(demo_export):
    values = json.loads((demo_export / "gold" / "phi_values.json").read_text(encoding="utf-8"))
    total = 0
    for line in gold(demo_export):
        previous_end = 0
        for span in line["spans"]:
            piece = line["text"][span["start"]:span["end"]]
            assert piece and piece == piece.strip(), (line["id"], span)
            assert piece in values[span["label"]], (line["id"], span)
            assert span["start"] >= previous_end, f"overlapping spans in {line['id']}"
            previous_end = span["end"]
            total += 1
    assert total > 1000


def test_age_spans_are_numbers_over_89_and_titles_stay_outside_names(demo_export):
    for line in gold(demo_export):
        text = line["text"]
        for span in line["spans"]:
            piece = text[span["start"]:span["end"]]
            if span["label"] == "AGE_OVER_89":
                assert piece.isdigit() and int(piece) > AGE_LIMIT
            if span["label"] == "NAME":
                assert not re.match(r"(?i)(dr|mr|mrs|ms)\.?\s", piece)
                assert not re.search(r"(?i),\s*(md|do|rn|np)$", piece)
            if span["label"] == "DATE":
                assert not re.search(r"\d{1,2}:\d{2}", piece), "a time must stay outside the DATE span"
                assert not re.fullmatch(r"\d{4}", piece), "a bare year is not PHI"


def test_young_ages_are_written_but_not_gold(demo_export):
    young = 0
    for line in gold(demo_export):
        covered = {i for s in line["spans"] for i in range(s["start"], s["end"])}
        for match in re.finditer(r"\b(\d{2}) ?(?:-year-old|year old|yo|y/o)\b", line["text"], re.IGNORECASE):
            if int(match.group(1)) <= AGE_LIMIT:
                young += 1
                assert match.start(1) not in covered
    assert young > 20
