"""Co-occurring codes for a seed: comorbidity profiles learned from coded data (CodiEsp train,
a de-identified batch's codes) plus curated clinical profiles (data/profiles.yaml).

A draw respects the code set's rules and acuity: no Excludes1 pair, no acute inpatient-only
condition (data/realism.yaml) beside a seed that is not one, one code per category (except
curated diabetes complications), no manifestation code without its etiology, and combination
codes replace their parts (guidelines). Only codes the generator can write are drawn.
"""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import yaml

from synth import guidelines, icd, realism

PROFILES = Path(__file__).with_name("data") / "profiles.yaml"
MULTI_CODE_CATEGORIES = ("E10", "E11", "Z79", "Z87", "Z85", "Z86")  # several codes per category are normal here
LEARNED_CAP = 0.3       # a learned neighbour is drawn at most this often
LEARNED_NEIGHBOURS = 25  # the strongest neighbours considered per code
SECOND_HOP = 0.5         # probability factor for a comorbidity's own comorbidities


@dataclass
class Profile:
    name: str
    when: list[str]
    codes: dict[str, float]
    traps: list[str]

    def applies(self, code: str) -> bool:
        return any(w == "*" or code == w or code.startswith(w) for w in self.when)


def load_profiles(path: str | Path = PROFILES) -> list[Profile]:
    raw = yaml.safe_load(Path(path).read_text())
    return [Profile(p["name"], [str(w) for w in p["when"]], {str(k): float(v) for k, v in p["codes"].items()},
                    [str(t) for t in p.get("traps", [])]) for p in raw]


def _normalize(code: str) -> str | None:
    """External code spellings (N448, n44.8, ICD10CM:E11.9) -> dotted billable code, else None."""
    code = code.split(":", 1)[-1].strip().upper().rstrip("-")
    if "." not in code and len(code) > 3:
        code = f"{code[:3]}.{code[3:]}"
    return code if icd.is_billable(code) else None


def read_codiesp_codes(path: str | Path) -> list[list[str]]:
    """Each document's diagnosis codes (read at run time; the data never enters the repo)."""
    docs = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                docs.append(json.loads(line).get("codes_dx", []))
    return docs


def read_batch_codes(notes_parquet: str | Path) -> list[list[str]]:
    """ICD-10-CM codes per note of a de-identified batch (only the ``codes`` column is read)."""
    import pyarrow.parquet as pq

    table = pq.read_table(notes_parquet, columns=["codes"])
    return [[c for c in (codes or []) if c.upper().startswith("ICD10CM:")] for codes in table.column("codes").to_pylist()]


@dataclass
class CooccurrenceModel:
    profiles: list[Profile]
    counts: Counter = field(default_factory=Counter)
    pairs: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    sources: list[str] = field(default_factory=list)

    def learn(self, documents: Iterable[list[str]], source: str) -> None:
        n = 0
        for doc in documents:
            codes = sorted({c for c in (_normalize(x) for x in doc) if c})
            self.counts.update(codes)
            for a in codes:
                for b in codes:
                    if a != b:
                        self.pairs[a][b] += 1
            n += 1
        self.sources.append(f"{source}: {n} documents")

    def candidates(self, seed: str) -> dict[str, float]:
        """Co-occurring code -> draw probability (curated and learned, the larger wins)."""
        out: dict[str, float] = {}
        for profile in self.profiles:
            if profile.applies(seed):
                for code, p in profile.codes.items():
                    out[code] = max(out.get(code, 0.0), p)
        seen = self.counts.get(seed, 0)
        for code, n in self.pairs.get(seed, Counter()).most_common(LEARNED_NEIGHBOURS):
            out[code] = max(out.get(code, 0.0), min(LEARNED_CAP, n / seen))
        out.pop(seed, None)
        return out

    def traps(self, seed: str) -> list[str]:
        return sorted({t for p in self.profiles if p.applies(seed) for t in p.traps})

    def draw(self, seed: str, rng: random.Random, writable: Callable[[str], bool], max_codes: int = 7) -> dict:
        """Seed + co-occurring codes for one note, with what was rejected and why."""
        chosen, rejected = [seed], []
        pool = sorted(self.candidates(seed).items())
        rng.shuffle(pool)
        second_hop: list[tuple[str, float]] = []
        for code, p in pool:
            if len(chosen) >= max_codes:
                break
            if rng.random() >= p:
                continue
            reason = admissible(code, chosen, writable)
            (rejected.append({"code": code, "reason": reason}) if reason else chosen.append(code))
            if not reason and not second_hop:
                # one hop further: a comorbidity brings its own comorbidities, less often
                second_hop.extend(sorted((c, q * SECOND_HOP) for c, q in self.candidates(code).items()))
                rng.shuffle(second_hop)
                pool.extend(second_hop)
        evidence, applied = guidelines.apply_combinations({c: {0} for c in chosen})
        final = [c for c in evidence if writable(c) and not any(
            icd.excludes1_conflict(c, o) for o in evidence if o != c)]
        return {"seed": seed, "drawn": chosen, "combinations": applied, "codes": sorted(final), "rejected": rejected}

    def reachable(self, seeds: Iterable[str], writable: Callable[[str], bool]) -> set[str]:
        """Every code a draw from these seeds can produce (seeds and their candidates)."""
        def drawable(c):
            return icd.is_billable(c) and writable(c) and not icd.is_manifestation_only(c)

        out: set[str] = set()
        for seed in {s for s in seeds if drawable(s)}:
            acute = realism.inpatient_only(seed)  # only an acute seed brings acute comorbidities

            def fits(c: str) -> bool:
                return drawable(c) and not realism.not_a_condition(c) and (acute or not realism.inpatient_only(c))

            first = {c for c in self.candidates(seed) if fits(c)}
            out |= {seed} | first | {c for f in first for c in self.candidates(f) if fits(c)}
        return out


def admissible(code: str, chosen: list[str], writable: Callable[[str], bool]) -> str | None:
    """Why ``code`` may not join ``chosen`` (None when it may)."""
    if not icd.is_billable(code):
        return "not a billable code"
    if not writable(code):
        return "no unambiguous surface form"
    if icd.is_manifestation_only(code) and not any(icd.in_range(c, list(icd.code_first_ranges(code))) for c in chosen):
        return "manifestation without its code-first etiology"
    cat = icd.category(code)
    if cat not in MULTI_CODE_CATEGORIES and any(icd.category(c) == cat for c in chosen):
        return "category already drawn"
    if any(icd.excludes1_conflict(code, c) for c in chosen):
        return "Excludes1 with a drawn code"
    if chosen and realism.not_a_condition(code):
        return "not a condition a note states (Illness, unspecified)"
    if chosen and realism.inpatient_only(code) and not realism.inpatient_only(chosen[0]):
        # sepsis is a reason for admission, not a background problem of an osteoarthritis visit
        return "acute inpatient-only condition beside a problem that is not one"
    if cat in ("E10", "E11"):
        # "without complications" (.9) contradicts any complication code of the same type
        uncomplicated = f"{cat}.9"
        if (code == uncomplicated and any(icd.category(c) == cat for c in chosen)) or uncomplicated in chosen:
            return "diabetes without complications beside a complication"
    return None


def build_model(codiesp_train: str | Path | None = None, batch_notes: Iterable[str | Path] = (),
                profiles_path: str | Path = PROFILES) -> CooccurrenceModel:
    model = CooccurrenceModel(load_profiles(profiles_path))
    if codiesp_train and Path(codiesp_train).is_file():
        model.learn(read_codiesp_codes(codiesp_train), f"codiesp:{Path(codiesp_train).name}")
    for parquet in batch_notes:
        model.learn(read_batch_codes(parquet), f"batch:{Path(parquet).parent.name}")
    return model
