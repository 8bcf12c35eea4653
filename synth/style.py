"""How a run's notes read next to real ones: the style measures `synth eval` prints beside
MTSamples at equal word count (issue 20).

* **exact-title share**: of the code mentions in the notes, the share written as the code's
  ICD-10-CM title: the mention's words are the title's and the line spells the title out
  ("Other thrombotic pulmonary embolism without acute cor pulmonale"; "portal HTN" is not the
  title "Portal hypertension" written); ``title_variant`` also counts the title with its
  brackets or "unspecified" / "NOS" left out ("Heart disease" for "Heart disease,
  unspecified"), which still reads like a code list, not like a clinician.
* **abbreviation density**: clinical abbreviations per 100 words (the reading lists'
  abbreviations, so synthetic and real text are counted with the same list).
* **sentence lengths**: words per sentence (a sentence ends at . ! ? ; or a line break).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from statistics import mean, quantiles

import yaml

from synth import icd, metrics, terms

_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[/\-][A-Za-z0-9]+)*")
_LISTS = (Path(__file__).with_name("data") / "abbreviations.yaml",
          Path(__file__).with_name("label") / "abbreviations.yaml")


@lru_cache(maxsize=1)
def abbreviation_list() -> tuple[frozenset[str], frozenset[str]]:
    """(any-case abbreviations in lower case, capitals-only abbreviations) from the reading lists
    that exist: the term index's (synth/data) and the coder's (synth/label, any_case/upper_only).
    Single letters and ordinary words in lower case ("rt", "lt") count only in capitals."""
    any_case, upper = set(), set()
    for path in _LISTS:
        if not path.is_file():
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if "any_case" in data or "upper_only" in data:
            any_case.update(str(k).lower() for k in data.get("any_case") or {})
            upper.update(str(k) for k in data.get("upper_only") or {})
        else:
            any_case.update(str(k).lower() for k in data)
    return frozenset(any_case), frozenset(upper)


def abbreviation_density(texts: list[str]) -> dict:
    """Clinical abbreviations per 100 words and the most frequent ones."""
    any_case, upper = abbreviation_list()
    words = hits = 0
    counts: dict[str, int] = {}
    for text in texts:
        words += len(metrics.words(text))
        for token in _TOKEN.findall(text):
            if token in upper or token.lower() in any_case:
                hits += 1
                key = token if token in upper else token.lower()
                counts[key] = counts.get(key, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    return {"per_100_words": round(100 * hits / max(words, 1), 3), "abbreviations": hits, "words": words,
            "most_frequent": dict(top)}


def sentence_lengths(texts: list[str]) -> dict:
    """Words per sentence: mean and quantiles, and the share of fragments (1-4 words)."""
    lengths = [n for text in texts for s in _SENTENCE.split(text) if (n := len(metrics.words(s)))]
    if len(lengths) < 2:
        return {"sentences": len(lengths)}
    q = quantiles(lengths, n=10)
    return {"sentences": len(lengths), "mean": round(mean(lengths), 2), "p10": round(q[0], 1),
            "p25": round(quantiles(lengths, n=4)[0], 1), "median": round(q[4], 1),
            "p75": round(quantiles(lengths, n=4)[2], 1), "p90": round(q[8], 1),
            "fragments_1_4_words": round(sum(n <= 4 for n in lengths) / len(lengths), 4)}


_NOT_WORD = re.compile(r"[^a-z0-9]+")


def _plain(text: str) -> str:
    """Lower-case words separated by single spaces, padded: for whole-word substring tests."""
    return f" {_NOT_WORD.sub(' ', text.lower()).strip()} "


@lru_cache(maxsize=20_000)
def _title_forms(code: str) -> tuple[tuple[tuple[str, ...], str], frozenset[tuple[tuple[str, ...], str]]]:
    """The title as (normalized tokens, plain words), and the same for its bracket-less /
    "unspecified"-less variants (the title included)."""
    title = icd.description(code)
    variants = frozenset((tuple(terms.tokens(text)), _plain(text))
                         for text, _ in terms.surface_variants(title, terms.PRIORITY_DESCRIPTION))
    exact = (tuple(terms.tokens(title)), _plain(title))
    return exact, variants | {exact}


def _written_as(form: tuple[str, ...], line: str, candidates) -> bool:
    """The mention's words are the candidate's and the line spells it out: "portal HTN" reads as
    the title's words but is not the title written."""
    return any(form == tokens and words in line for tokens, words in candidates)


def title_share(notes: list[tuple[list[str], list[str]]], index: terms.TermIndex) -> dict:
    """``notes``: (lines, intended codes). Every term-index mention of an intended code counts;
    the share of them written as the exact title (and as a title variant)."""
    mentions = exact = variant = 0
    for lines, intended in notes:
        wanted = set(intended)
        for line in lines:
            plain = _plain(line)
            for match in index.find(terms.tokens(line)):
                if match.code not in wanted:
                    continue
                title, variants = _title_forms(match.code)
                mentions += 1
                exact += _written_as(match.form, plain, [title])
                variant += _written_as(match.form, plain, variants)
    return {"mentions": mentions, "exact_title": round(exact / max(mentions, 1), 4),
            "title_variant": round(variant / max(mentions, 1), 4)}


def distinct_at_equal_tokens(run_texts: list[str], reference: list[str], tokens: int) -> dict:
    """Corpus distinct-1/2/3 of the run and the real notes over the same number of words."""
    run_words = sum(len(metrics.words(t)) for t in run_texts)
    ref_words = sum(len(metrics.words(t)) for t in reference)
    size = min(tokens, run_words, ref_words)
    out = {"tokens": size}
    for n in (1, 2, 3):
        run = metrics.distinct_n_at_tokens(run_texts, size, n)["corpus"]
        ref = metrics.distinct_n_at_tokens(reference, size, n)["corpus"]
        out[f"distinct_{n}"] = {"run": run, "reference": ref, "ratio": round(run / ref, 4) if ref else None}
    return out


def text_style(texts: list[str]) -> dict:
    return {"abbreviations": abbreviation_density(texts), "sentences": sentence_lengths(texts)}


def cut_to_tokens(texts: list[str], tokens: int) -> list[str]:
    """The first ``tokens`` words' worth of notes (whole notes; the last one may overshoot)."""
    out, used = [], 0
    for text in texts:
        if used >= tokens:
            break
        out.append(text)
        used += len(metrics.words(text))
    return out


def beside_reference(run_texts: list[str], reference: list[str]) -> dict | None:
    """The run and the real notes at the same word count (the smaller corpus's): distinct-1/2/3,
    abbreviation density and sentence lengths of each. None without reference notes."""
    if not reference or not run_texts:
        return None
    run_words = sum(len(metrics.words(t)) for t in run_texts)
    ref_words = sum(len(metrics.words(t)) for t in reference)
    size = min(run_words, ref_words)
    run_cut, ref_cut = cut_to_tokens(run_texts, size), cut_to_tokens(reference, size)
    return {**distinct_at_equal_tokens(run_texts, reference, size),
            "run": text_style(run_cut), "reference": text_style(ref_cut)}


def novelty_by_section(notes: list[list[tuple[str, str]]]) -> dict:
    """Where a corpus's new bigrams come from, by the section kind that wrote them: ``notes`` in
    corpus order, each its (section kind, line) pairs. Per kind: its share of the bigrams of the
    second half of the corpus, and the share of those never seen before (the margin: a section
    whose phrase bank is used up adds nothing there, however varied its first notes looked).
    Bigrams are counted within a line. The kinds that repeat the most bigrams come first."""
    seen: set[tuple[str, str]] = set()
    half = len(notes) // 2
    tokens: dict[str, int] = {}
    fresh: dict[str, int] = {}
    for number, lines in enumerate(notes):
        for kind, line in lines:
            w = metrics.words(line)
            for gram in zip(w, w[1:]):
                if number >= half:
                    tokens[kind] = tokens.get(kind, 0) + 1
                    fresh[kind] = fresh.get(kind, 0) + (gram not in seen)
                seen.add(gram)
    total = sum(tokens.values())
    rows = [{"kind": kind, "share": round(n / max(total, 1), 4), "new_rate": round(fresh[kind] / n, 4),
             "new": fresh[kind], "bigrams": n} for kind, n in tokens.items()]
    return {"bigrams": total, "new_rate": round(sum(fresh.values()) / max(total, 1), 4),
            "by_kind": sorted(rows, key=lambda r: r["new"] - r["bigrams"])}
