"""The phrase grammar: templates.yaml alternatives with {a|b} choices and {slot} filling."""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

import yaml

TEMPLATES = Path(__file__).with_name("templates.yaml")
_CHOICE = re.compile(r"\{([^{}]*\|[^{}]*)\}")
_SLOT = re.compile(r"\{([A-Za-z_ ]+)\}")
# Pronoun and day slots are filled before the choices: they sit inside alternatives
# ("{sent by {his} physician|self-referred}", "{to discuss goals|on day {day}}"), which resolve
# only once they hold no braces.
_PRONOUN = re.compile(r"\{(He|he|His|his|him|day|los|side)\}")


@lru_cache(maxsize=4)
def load_templates(path: str | Path = TEMPLATES) -> dict:
    return yaml.safe_load(Path(path).read_text())


def expand(template: str, rng: random.Random, slots: dict[str, str] | None = None) -> str:
    """Resolve {a|b|c} choices (innermost first), then fill {slot}s."""
    slots = slots or {}
    template = _PRONOUN.sub(lambda m: slots.get(m.group(1), m.group(0)), template)
    while True:
        m = _CHOICE.search(template)
        if not m:
            break
        template = template[:m.start()] + rng.choice(m.group(1).split("|")) + template[m.end():]
    return _SLOT.sub(lambda m: slots.get(m.group(1), m.group(0)), template)


def slot_names(template: str) -> set[str]:
    """The {slot}s a template fills (not its {a|b} choices)."""
    return set(_SLOT.findall(template))


def pick(rng: random.Random, key: str, slots: dict[str, str] | None = None, templates: dict | None = None) -> str:
    options = (templates or load_templates())["phrases"][key]
    return expand(rng.choice(options), rng, slots)


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
