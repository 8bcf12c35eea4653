"""Scoring predicted PHI spans against gold spans.

* Span-level any-overlap recall and precision, as the classic deid.pl scorer counts
  them: a gold span is found when any predicted span overlaps it, whatever the label; a
  predicted span is correct when it overlaps any gold span.
* Strict span precision/recall/F1: same start, end and label.
* Token-level recall: word tokens (``\\w+``) inside gold spans that predicted spans cover
  completely (a partly covered token still leaks).
* Recall per gold category (any-overlap), precision per predicted label.
* Flags and false flags per 1,000 words of text (``str.split()`` words): all predicted spans,
  and those that touch no gold span nor a don't-care region, with the share of notes with at
  least one false flag. On CodiEsp (no scored PHI) the don't-care regions are the dates, places
  and titled names case reports still hold; on MTSamples, false flags are those outside its gold.

Gold labels pass through a label map (label_maps/*.yaml); spans it maps to ``ignore`` are
don't-care regions (see label_maps/pii_synth.yaml), spans it maps to ``not_phi`` are no PHI in
that profile (a year alone under safe_harbor: a flag on it is a false flag). Results hold counts
only, never text.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import regex

from chartforge.errors import ChartforgeError
from deid.resources import data_file, load_data
from deid.spans import LABELS

TOKEN = regex.compile(r"\w+")
IGNORE = "ignore"
NOT_PHI = "not_phi"


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    label: str  # a LABELS label or "ignore"


@functools.lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    from faker.providers.address.en_US import Provider

    return frozenset(c.lower() for c in Provider.countries) | {"usa", "us", "uk", "united states", "united kingdom"}


class LabelMap:
    def __init__(self, spec: dict):
        self.labels = spec.get("labels", {})
        self.passthrough = spec.get("passthrough", False)
        self.conditions = {}
        for label, condition in (spec.get("conditions") or {}).items():
            compiled = dict(condition)
            if "ignore_if_matches" in compiled:
                compiled["ignore_if_matches"] = regex.compile(compiled["ignore_if_matches"])
            self.conditions[label] = compiled

    @classmethod
    def named(cls, name_or_path: str | None) -> "LabelMap":
        known = sorted(p.stem for p in data_file(__file__, "label_maps").glob("*.yaml"))
        if not name_or_path:
            name_or_path = "identity"
        path = Path(name_or_path)
        if not path.is_file():
            if name_or_path not in known:
                raise ChartforgeError.make("E208", name=name_or_path, known=", ".join(known))
            path = data_file(__file__, f"label_maps/{name_or_path}.yaml")
        return cls(load_data(path))

    def map(self, label: str, value: str | None) -> str:
        if label in self.labels:
            target = self.labels[label]
        elif self.passthrough or label in LABELS:
            target = label if label in LABELS else IGNORE
        else:
            target = IGNORE
        condition = self.conditions.get(label)
        if condition and value is not None and target not in (IGNORE, NOT_PHI):
            if "keep_if_number_over" in condition:
                digits = regex.sub(r"\D", "", value)
                if not digits or int(digits) <= condition["keep_if_number_over"]:
                    return IGNORE
            pattern = condition.get("ignore_if_matches")
            if pattern is not None and pattern.search(value):
                return IGNORE
            if condition.get("ignore_if_country") and value.strip().lower() in _countries():
                return IGNORE
        return target


def read_spans_file(path: str | Path, keep_text: bool) -> dict[str, dict]:
    """``{id: {"spans": [...], "text": str|None}}`` from a gold or prediction JSONL file."""
    records: dict[str, dict] = {}
    try:
        with open(path, encoding="utf-8") as handle:
            for row, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                obj = json.loads(line)
                if obj.get("id") is None:
                    continue
                records[str(obj["id"])] = {"spans": obj.get("spans") or [],
                                           "text": obj.get("text") if keep_text else None}
    except (OSError, ValueError, AttributeError, UnicodeDecodeError) as exc:
        raise ChartforgeError.make("E207", file=Path(path).name, reason=f"line {locals().get('row', 0)}: {type(exc).__name__}") from None
    return records


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def _covered(start: int, end: int, intervals: list[tuple[int, int]]) -> bool:
    """Every character of [start, end) is inside the union of ``intervals`` (sorted)."""
    position = start
    for s, e in intervals:
        if s > position:
            break
        if e > position:
            position = e
        if position >= end:
            return True
    return position >= end


def evaluate(gold: dict[str, dict], pred: dict[str, dict], label_map: LabelMap) -> dict:
    counts = defaultdict(int)
    per_label = defaultdict(lambda: {"gold": 0, "found": 0})
    per_pred_label = defaultdict(lambda: {"pred": 0, "correct": 0})
    missing_predictions = 0
    for note_id, gold_record in gold.items():
        text = gold_record.get("text")
        gold_spans = []
        for s in gold_record["spans"]:
            value = text[s["start"]:s["end"]] if text is not None else None
            target = label_map.map(s["label"], value)
            if target != NOT_PHI:
                gold_spans.append(GoldSpan(int(s["start"]), int(s["end"]), target))
        scored = [g for g in gold_spans if g.label != IGNORE]
        if text is not None:
            counts["words"] += len(text.split())
        false_before = counts["pred"] - counts["pred_correct"]
        ignored = [g for g in gold_spans if g.label == IGNORE]
        if note_id not in pred:
            missing_predictions += 1
        predicted = [(int(p["start"]), int(p["end"]), p["label"]) for p in (pred.get(note_id) or {}).get("spans", [])]
        intervals = sorted((s, e) for s, e, _ in predicted)
        exact = {(s, e, l) for s, e, l in predicted}
        for g in scored:
            counts["gold"] += 1
            per_label[g.label]["gold"] += 1
            if any(_overlaps(g.start, g.end, s, e) for s, e, _ in predicted):
                counts["gold_found"] += 1
                per_label[g.label]["found"] += 1
            if (g.start, g.end, g.label) in exact:
                counts["strict_tp"] += 1
            if text is not None:
                for token in TOKEN.finditer(text, g.start, g.end):
                    counts["tokens"] += 1
                    counts["tokens_found"] += _covered(token.start(), token.end(), intervals)
        counts["all_pred"] += len(predicted)
        for s, e, label in predicted:
            hits_gold = any(_overlaps(s, e, g.start, g.end) for g in scored)
            if not hits_gold and any(_overlaps(s, e, g.start, g.end) for g in ignored):
                continue  # a don't-care region: neither right nor wrong
            counts["pred"] += 1
            per_pred_label[label]["pred"] += 1
            if hits_gold:
                counts["pred_correct"] += 1
                per_pred_label[label]["correct"] += 1
        counts["notes_with_false_flag"] += counts["pred"] - counts["pred_correct"] > false_before
    return _summarize(counts, per_label, per_pred_label, len(gold), missing_predictions)


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _summarize(counts, per_label, per_pred_label, notes: int, missing: int) -> dict:
    strict_p = _ratio(counts["strict_tp"], counts["pred"])
    strict_r = _ratio(counts["strict_tp"], counts["gold"])
    strict_f1 = (round(2 * strict_p * strict_r / (strict_p + strict_r), 4)
                 if strict_p and strict_r else 0.0)
    false_flags = counts["pred"] - counts["pred_correct"]
    return {
        "notes": notes,
        "notes_without_prediction": missing,
        "words": counts["words"],
        "flags": counts["all_pred"],
        "flags_per_1k_words": round(1000 * counts["all_pred"] / counts["words"], 3) if counts["words"] else None,
        "false_flags": false_flags,
        "false_flags_per_1k_words": round(1000 * false_flags / counts["words"], 3) if counts["words"] else None,
        # flags on don't-care regions only (CodiEsp: the dates, towns, hospitals and titled names
        # case reports print; flagging them is right for a de-identifier, so they are not false)
        "dont_care_flags": counts["all_pred"] - counts["pred"],
        "dont_care_flags_per_1k_words": (round(1000 * (counts["all_pred"] - counts["pred"]) / counts["words"], 3)
                                         if counts["words"] else None),
        "notes_with_false_flag": counts["notes_with_false_flag"],
        "notes_with_false_flag_share": _ratio(counts["notes_with_false_flag"], notes),
        "gold_spans": counts["gold"],
        "predicted_spans": counts["pred"],
        "recall": _ratio(counts["gold_found"], counts["gold"]),
        "precision": _ratio(counts["pred_correct"], counts["pred"]),
        "strict": {"precision": strict_p, "recall": strict_r, "f1": strict_f1},
        "token_recall": _ratio(counts["tokens_found"], counts["tokens"]),
        "per_category": {label: {"gold": v["gold"], "found": v["found"], "recall": _ratio(v["found"], v["gold"])}
                         for label, v in sorted(per_label.items())},
        "per_predicted_label": {label: {"predicted": v["pred"], "correct": v["correct"],
                                        "precision": _ratio(v["correct"], v["pred"])}
                                for label, v in sorted(per_pred_label.items())},
    }


def evaluate_files(gold_path, pred_path, label_map: str | None = None) -> dict:
    gold = read_spans_file(gold_path, keep_text=True)
    pred = read_spans_file(pred_path, keep_text=False)
    return evaluate(gold, pred, LabelMap.named(label_map))
