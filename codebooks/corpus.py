"""The text recipe: which texts describe each code in the retrieval index.

Every text is one retrievable document tagged with its code; a code's score is the best
score of its texts. The recipe (sources, file hashes, exclusions) is hashed into the cache
key, so changing any of it builds a new index instead of silently reusing an old one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path

from chartforge.errors import ChartforgeError
from chartforge.jsonl import parse_records
from codebooks.icd10cm import ICD10CM
from codebooks.normalize import dotless, dotted
from codebooks.paths import content_sha256

RECIPE_VERSION = 3
TABULAR_SOURCES = ("description", "inclusion", "includes")


@dataclass(frozen=True)
class CodeText:
    code: str
    text: str
    source: str  # description | inclusion | includes | index


@dataclass(frozen=True)
class IndexTerm:
    id: str
    query: str
    code: str


def read_index_terms(path: Path) -> list[IndexTerm]:
    """``index_dev.jsonl`` lines ``{"id", "query", "code"}``; a malformed line is an E401 error."""
    return list(parse_records(path, lambda r: IndexTerm(str(r["id"]), str(r["query"]), str(r["code"])),
                              lambda row, exc: ChartforgeError.make(
                                  "E401", file=path, row=row, reason=f"not an index term record ({type(exc).__name__})")))


def in_holdout(term_id: str, fraction: float, salt: str) -> bool:
    """Deterministic query-level split: the same id always lands on the same side."""
    digest = hashlib.sha256(f"{salt}\x1f{term_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < fraction


@dataclass(frozen=True)
class Recipe:
    """What goes into the index. ``holdout`` removes index terms for honest evaluation."""

    sources: tuple[str, ...] = TABULAR_SOURCES
    index_terms_file: str | None = None
    index_terms_sha256: str | None = None
    # (fraction, salt) query-hash folds of the index terms left out of the corpus.
    holdouts: tuple[tuple[float, str], ...] = ()
    codes: tuple[str, ...] | None = None   # restrict to these codes (tests, small indexes)

    def as_dict(self) -> dict:
        return {
            "recipe_version": RECIPE_VERSION,
            "sources": list(self.sources),
            "index_terms_used": self.index_terms_file is not None,
            "index_terms_sha256": self.index_terms_sha256,
            "holdouts": [list(h) for h in self.holdouts],
            "codes_sha256": hashlib.sha256("\n".join(self.codes).encode()).hexdigest() if self.codes else None,
        }

    def hash(self) -> str:
        return hashlib.sha256(json.dumps(self.as_dict(), sort_keys=True).encode()).hexdigest()[:16]

    def held_out(self, term_id: str) -> bool:
        return any(in_holdout(term_id, fraction, salt) for fraction, salt in self.holdouts)

    def with_holdout(self, fraction: float, salt: str) -> "Recipe":
        return replace(self, holdouts=self.holdouts + ((fraction, salt),))


def make_recipe(index_terms: Path | None, sources: tuple[str, ...] = TABULAR_SOURCES,
                holdout_fraction: float = 0.0, holdout_salt: str = "",
                codes: list[str] | None = None) -> Recipe:
    """The recipe for a corpus; ``holdout_*`` leave a query-hash fold of index terms out."""
    with_terms = index_terms is not None and "index" not in sources
    return Recipe(
        sources=tuple(sources) + (("index",) if with_terms else ()),
        index_terms_file=str(index_terms) if with_terms else None,
        index_terms_sha256=content_sha256(index_terms) if with_terms else None,
        holdouts=((holdout_fraction, holdout_salt),) if with_terms and holdout_fraction else (),
        codes=tuple(sorted(dotted(c) for c in codes)) if codes else None,
    )


def code_texts(codebook: ICD10CM, recipe: Recipe) -> list[CodeText]:
    """Texts for every retrievable code (not chapters/blocks), deduplicated per code.

    7th-character codes (S52.501A) get no texts of their own: they repeat their parent's
    title plus an encounter phrase, so the re-ranker derives them from the parent instead of
    embedding ~51k near-duplicates.
    """
    wanted = {dotless(c) for c in recipe.codes} if recipe.codes else None
    seen: set[tuple[str, str]] = set()
    out: list[CodeText] = []

    def add(code: str, text: str, source: str) -> None:
        text = " ".join(text.split())
        key = (code, text.lower())
        if text and key not in seen:
            seen.add(key)
            out.append(CodeText(code, text, source))

    for row in codebook.rows():
        if row["kind"] in ("chapter", "block", "extended"):
            continue
        if wanted is not None and dotless(row["code"]) not in wanted:
            continue
        if "description" in recipe.sources:
            add(row["code"], row["description"], "description")
        if "inclusion" in recipe.sources:
            for term in row.get("inclusion_terms", ()):
                add(row["code"], term, "inclusion")
        if "includes" in recipe.sources:
            for term in row.get("includes", ()):
                add(row["code"], term, "includes")
    if recipe.index_terms_file:
        for term in read_index_terms(Path(recipe.index_terms_file)):
            if recipe.held_out(term.id):
                continue
            code = dotted(term.code).rstrip("-")
            if codebook.get(code) is None or (wanted is not None and dotless(code) not in wanted):
                continue
            add(codebook.get(code).code, term.query, "index")
    return out
