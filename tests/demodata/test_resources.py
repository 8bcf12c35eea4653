from __future__ import annotations

import random
import re

from demodata.resources import load, weighted


def test_data_files_load_and_every_template_placeholder_is_known():
    from demodata.clinical import ClinicalResolver, data
    from demodata.phi import PhiResolver

    templates = load("templates.yaml")
    frames = []
    for block in ("preamble", "footer"):
        frames += templates[block].get("lines", []) + templates[block].get("always", [])
    for section in templates["sections"].values():
        frames += section.get("frames", []) + section.get("always", [])
    for group in templates["label_frames"].values():
        frames += group
    numbers = set(data()["numbers"])
    resolver = ClinicalResolver.__new__(ClinicalResolver)
    resolver.ctx, resolver.rng, resolver.sex = None, random.Random(0), "female"
    clinical = set(ClinicalResolver._handlers(resolver)) | numbers | {"he", "his", "him", "man", "sex_letter"}
    for frame in frames:
        for kind in re.findall(r"\{(\w+)", frame):
            lowered = kind[0].lower() + kind[1:]
            assert lowered in PhiResolver.KINDS or lowered in clinical, (kind, frame)


def test_weighted_accepts_mappings_and_records():
    rng = random.Random(0)
    assert {weighted(rng, {"a": 1, "b": 0}) for _ in range(20)} == {"a"}
    assert weighted(rng, [{"form": "x", "weight": 1}])["form"] == "x"
