"""Note styles beyond the six templates (issue 20 item 2): problem-oriented SOAP progress notes,
ED notes, consult letters, terse nursing notes, discharge summaries with the hospital course by
problem. Their lengths and section orders are drawn from distributions measured on MTSamples
by note type / specialty:

    python -m synth.note_styles --measure ../shared/data/mtsamples/mtsamples.jsonl

re-measures them (synth/data/note_style_headers.yaml says which notes measure which style and
which headers open which section) and rewrites synth/data/note_styles.json, which ships with the
package: the generator reads that file, never the real notes (no ../shared at run time).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

import yaml

from chartforge.errors import ChartforgeError

DATA = Path(__file__).with_name("data")
HEADERS = DATA / "note_style_headers.yaml"
MEASURED = DATA / "note_styles.json"
TEMPLATE = "template"  # the six templates of templates.yaml
QUANTILES = ("p10", "p25", "p50", "p75", "p90")

# MTSamples flattened its line breaks: a header is upper-case words before ":" at the start of
# the text or after a comma ("...well.,PLAN:,  1. ..."). "DR. X:" and times ("10:30") are not.
_HEADER = re.compile(r"(?:^|[,\n])\s*([A-Z][A-Z0-9 /&\-\(\)]{0,60}?)\s*:")
_SALUTATION = re.compile(r"\bDear\b")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['\-][A-Za-z0-9]+)*")


@lru_cache(maxsize=1)
def config(path: str | None = None) -> dict:
    return yaml.safe_load(Path(path or HEADERS).read_text(encoding="utf-8"))


def _header_kinds(cfg: dict) -> dict[str, str]:
    return {" ".join(h.upper().split()): kind for kind, spellings in cfg["kinds"].items() for h in spellings}


# -- measuring ---------------------------------------------------------------------------------
def section_order(text: str, kinds: dict[str, str]) -> tuple[list[str], list[str]]:
    """The section kinds of a transcription in the order they first open, and the headers that
    open no known kind (exam subheaders such as HEENT belong to the exam, so an exam is one
    section however many systems it lists)."""
    order: list[str] = []
    unmapped: list[str] = []
    for match in _HEADER.finditer(text):
        header = " ".join(match.group(1).split())
        kind = kinds.get(header)
        if kind is None:
            unmapped.append(header)
        elif kind not in order:
            order.append(kind)
    return order, unmapped


def _quantiles(values: list[int]) -> dict[str, float]:
    ordered = sorted(values)

    def at(q: float) -> float:  # linear interpolation between closest ranks
        pos = q * (len(ordered) - 1)
        low = int(pos)
        high = min(low + 1, len(ordered) - 1)
        return round(ordered[low] + (ordered[high] - ordered[low]) * (pos - low), 1)
    return {name: at(int(name[1:]) / 100) for name in QUANTILES}


def selected(row: dict, rule: dict) -> bool:
    text = row.get("transcription") or ""
    if row.get("medical_specialty") in (rule.get("specialties") or ()):
        return True
    return bool(rule.get("salutation")) and bool(_SALUTATION.search(text[:300]))


def measure(rows: list[dict], cfg: dict | None = None) -> dict:
    """Per measured style: note count, word-count quantiles, section orders with their counts
    (most frequent first), the share of notes holding each kind, the most frequent unmapped
    headers. Each distinct transcription counts once per style (MTSamples lists most reports
    under two or more specialties)."""
    cfg = cfg or config()
    kinds = _header_kinds(cfg)
    out: dict[str, dict] = {}
    for name, style in cfg["styles"].items():
        rule = style.get("measure")
        if not rule:
            continue
        seen: set[str] = set()
        lengths: list[int] = []
        orders: Counter = Counter()
        presence: Counter = Counter()
        unmapped: Counter = Counter()
        for row in rows:
            text = row.get("transcription") or ""
            if not text.strip() or text in seen or not selected(row, rule):
                continue
            seen.add(text)
            lengths.append(len(_WORD.findall(text)))
            order, other = section_order(text, kinds)
            orders[tuple(order)] += 1
            presence.update(order)
            unmapped.update(list(dict.fromkeys(other)))  # once per note, in a fixed order
        if not lengths:
            raise ChartforgeError.make("E506", file=HEADERS.name, reason=f"style {name!r}: no note matches its measure rule")
        n = len(lengths)
        out[name] = {"notes": n, "words": {**_quantiles(lengths), "mean": round(sum(lengths) / n, 1)},
                     "orders": [[list(order), count] for order, count in
                                sorted(orders.items(), key=lambda kv: (-kv[1], kv[0]))],
                     "presence": {k: round(v / n, 3) for k, v in sorted(presence.items(), key=lambda kv: (-kv[1], kv[0]))},
                     "unmapped_headers": dict(sorted(unmapped.items(), key=lambda kv: (-kv[1], kv[0]))[:12])}
    return out


def read_rows(path: Path) -> list[dict]:
    if not path.is_file():
        raise ChartforgeError.make("E504", path=path, reason="the MTSamples JSONL the styles are measured on")
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ChartforgeError.make("E201", file=path.name, row=number, reason=exc.msg) from None
    return rows


def write_measured(source: Path, out: Path = MEASURED, headers: Path = HEADERS) -> dict:
    cfg = yaml.safe_load(headers.read_text(encoding="utf-8"))
    rows = read_rows(source)  # first: a missing source is a clear error, not a traceback
    report = {"source": source.name, "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
              "headers_sha256": hashlib.sha256(headers.read_bytes()).hexdigest(),
              "command": f"python -m synth.note_styles --measure {source.name}",
              "styles": measure(rows, cfg)}
    out.write_text(json.dumps(report, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return report


# -- drawing -----------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def measured(path: str | None = None) -> dict:
    file = Path(path or MEASURED)
    if not file.is_file():
        raise ChartforgeError.make("E506", file=file.name, reason="missing; re-measure with `python -m synth.note_styles --measure`")
    return json.loads(file.read_text(encoding="utf-8"))["styles"]


def draw_style(note_type: str, setting: str, rng: random.Random) -> str:
    """A style for a note of ``note_type`` in ``setting``: each style of that note type with its
    weight (a style that needs the other setting is left out: no consult letter about an
    inpatient-only problem), the templates with the rest."""
    options = [(name, float(s["weight"])) for name, s in config()["styles"].items()
               if s["note_type"] == note_type and s.get("setting", setting) == setting]
    u = rng.random()
    for name, weight in options:
        if u < weight:
            return name
        u -= weight
    return TEMPLATE


def words_of(style: str) -> dict[str, float]:
    """Word-count quantiles of a style: measured, or set by hand where MTSamples has no such notes."""
    spec = config()["styles"][style]
    return spec.get("words") or measured()[style]["words"]


def draw_words(style: str, rng: random.Random) -> int:
    """A target length: uniform over the measured p10-p90 range, piecewise linear between quantiles."""
    q = words_of(style)
    points = [(int(name[1:]) / 100, float(q[name])) for name in QUANTILES]
    u = rng.uniform(points[0][0], points[-1][0])
    for (q0, w0), (q1, w1) in zip(points, points[1:]):
        if u <= q1:
            return round(w0 + (w1 - w0) * (u - q0) / (q1 - q0))
    return round(points[-1][1])


def detail_scale(style: str, words: int) -> float:
    """How much narrative a note of ``words`` carries against the style's median (0.5-2)."""
    return max(0.5, min(2.0, words / float(words_of(style)["p50"])))


def _draw_order(style: str, rng: random.Random) -> list[str]:
    orders = measured().get(style, {}).get("orders") or []
    if not orders:
        return []
    return list(rng.choices([o for o, _ in orders], weights=[n for _, n in orders])[0])


def engine_kinds(style: str, measured_kind: str) -> list[str]:
    """The engine sections a measured kind opens in ``style`` (none when it is not mapped): a
    SOAP note's "Objective" holds the vitals and the exam, as the transcriptions' objective
    paragraphs do."""
    mapped = (config()["styles"][style].get("map") or {}).get(measured_kind) or []
    return [mapped] if isinstance(mapped, str) else list(mapped)


def sections(style: str, rng: random.Random, has_past: bool = False) -> list[dict]:
    """The engine's section list for one note of ``style``: a measured order drawn by frequency,
    its kinds mapped to what the engine writes, with the style's fixed opening and closing
    sections, a section naming every code when the drawn order has none, and the past-condition
    section when the plan has a past condition (its code must be written)."""
    spec = config()["styles"][style]
    kinds: list[str] = []
    for measured_kind in _draw_order(style, rng):
        for kind in engine_kinds(style, measured_kind):
            if kind not in kinds and not (kind == "subjective" and "hpi" in kinds):
                kinds.append(kind)
    opening, closing = list(spec.get("open") or []), list(spec.get("close") or [])
    kinds = [k for k in kinds if k not in opening and k not in closing]
    if len(kinds) < 2:
        kinds = [k for k in spec["fallback"] if k not in opening and k not in closing]
    for kind, after in (spec.get("always") or {}).items():  # a SOAP note's S, a summary's course
        if kind not in kinds:
            at = max((kinds.index(k) + 1 for k in after if k in kinds), default=0)
            kinds.insert(at, kind)
    merge = float(spec.get("merge_assessment_plan", 0.0))
    if "assessment_list" in kinds and "plan" in kinds and rng.random() < merge:
        at = kinds.index("assessment_list")
        kinds = [k for k in kinds if k not in ("assessment_list", "plan")]
        kinds.insert(min(at, len(kinds)), "problem_plan")
    required = spec.get("required") or []
    if required and not any(k in kinds or k in opening for k in required):
        kinds.append(required[0])
    if has_past and "past" not in kinds:
        anchors = [kinds.index(k) + 1 for k in ("pmh", "hpi", "subjective") if k in kinds]
        # after the history, else after the section naming every code
        at = anchors[0] if anchors else next((i + 1 for i, k in enumerate(kinds) if k in required), len(kinds))
        kinds.insert(at, "past")
    headers = spec.get("headers") or {}
    headerless = spec.get("headerless") or {}
    out = []
    for kind in opening + kinds + closing:
        section = {"kind": kind, "headers": list(headers.get(kind) or [kind.replace("_", " ").title()])}
        if kind in headerless:
            section["headerless"] = float(headerless[kind])
        if kind == "past":
            section["optional"] = True
        out.append(section)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m synth.note_styles", description=__doc__.split("\n\n")[0])
    parser.add_argument("--measure", metavar="MTSAMPLES_JSONL", required=True,
                        help="MTSamples JSONL (id, medical_specialty, transcription) to measure the styles on")
    parser.add_argument("--out", default=str(MEASURED), help="where to write the measured distributions")
    args = parser.parse_args(argv)
    try:
        report = write_measured(Path(args.measure), Path(args.out))
    except ChartforgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    print(f"{'style':<22}{'notes':>6}{'p25':>7}{'p50':>7}{'p75':>7}  most frequent order")
    for name, s in report["styles"].items():
        top = " > ".join(s["orders"][0][0]) or "(no headers)"
        print(f"{name:<22}{s['notes']:>6}{s['words']['p25']:>7}{s['words']['p50']:>7}{s['words']['p75']:>7}  {top}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
