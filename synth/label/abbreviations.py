"""Expand clinical abbreviations before mentions are read: the list in abbreviations.yaml
("HTN", "s/p CABG", "DM2", "no evidence of PE") and the ones a note defines itself
("chronic renal failure (CRF)"), found by scispaCy's abbreviation detector (Schwartz-Hearst)
on spaCy's rule tokenizer (no model weights are loaded)."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

# A token may carry "/" or "-" inside ("s/p", "a-fib", "n/v") or a trailing "/" ("w/").
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[/\-][A-Za-z0-9]+)*/?")


@dataclass(frozen=True)
class Abbreviations:
    any_case: dict[str, str]
    upper_only: dict[str, str]

    def expansion(self, token: str, defined: dict[str, str] | None = None) -> str | None:
        if defined and token in defined:
            return defined[token]
        if token in self.upper_only:
            return self.upper_only[token]
        return self.any_case.get(token.lower())

    def expand(self, text: str, defined: dict[str, str] | None = None) -> str:
        """``text`` with every known abbreviation replaced by its expansion."""
        out, at = [], 0
        for match in _TOKEN.finditer(text):
            expansion = self.expansion(match.group(0), defined)
            if expansion is None:
                continue
            out.append(text[at:match.start()])
            out.append(expansion)
            at = match.end()
        if not out:
            return text
        out.append(text[at:])
        return "".join(out)


@lru_cache(maxsize=1)
def load(path: str | None = None) -> Abbreviations:
    raw = yaml.safe_load(Path(path or Path(__file__).with_name("abbreviations.yaml")).read_text())
    return Abbreviations({str(k).lower(): str(v) for k, v in (raw.get("any_case") or {}).items()},
                         {str(k): str(v) for k, v in (raw.get("upper_only") or {}).items()})


@lru_cache(maxsize=1)
def _detector():
    import scispacy.abbreviation  # noqa: F401  (registers the "abbreviation_detector" factory)
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("abbreviation_detector")
    return nlp


def defined_in(text: str) -> dict[str, str]:
    """Short form -> long form for the abbreviations a note defines in parentheses."""
    if "(" not in text:
        return {}
    nlp = _detector()  # outside the block: importing spaCy installs its own warning filters
    with warnings.catch_warnings():
        # scispaCy's detector keeps a second matcher for user-added patterns; empty here is fine
        warnings.filterwarnings("ignore", message=r"\[W036\]")
        doc = nlp(text)
    out: dict[str, str] = {}
    for short in doc._.abbreviations:
        long_form = " ".join(str(short._.long_form).split())
        if short.text not in out and long_form.lower() != short.text.lower():
            out[short.text] = long_form
    return out
