"""PRED files: one JSON object per line, ``{"id": <record id>, "output": <output>}``.

``output`` has the shape of a record's output, as an object or as the JSON string a model
generated. A line that is not a JSON object with a string ``id`` is an input error (E606,
naming file and line); an ``output`` that does not parse or has the wrong shape is a
*malformed prediction*: it counts as predicting nothing, and the report counts them,
because a model that emits broken JSON must score lower, not crash the evaluation.
"""

from __future__ import annotations

import json
from pathlib import Path

from chartforge.errors import ChartforgeError

EMPTY = {"icd10cm": [], "cpt": [], "notes": []}


def _labels(value) -> list[dict]:
    if not isinstance(value, list):
        raise ValueError("labels must be a list")
    labels = []
    for item in value:
        if isinstance(item, str):  # a bare code is accepted: no evidence, no confidence
            item = {"code": item}
        if not isinstance(item, dict) or not isinstance(item.get("code"), str):
            raise ValueError("label without a string code")
        evidence = item.get("evidence") or []
        if not isinstance(evidence, list) or not all(isinstance(e, int) and not isinstance(e, bool) for e in evidence):
            raise ValueError("evidence must be a list of line numbers")
        labels.append({"code": item["code"], "evidence": evidence})
    return labels


def parse_output(output) -> tuple[dict, bool]:
    """(normalized output, well_formed). Malformed -> (EMPTY, False)."""
    try:
        if isinstance(output, str):
            output = json.loads(output)
        if not isinstance(output, dict):
            raise ValueError("output is not an object")
        return {"icd10cm": _labels(output.get("icd10cm", [])), "cpt": _labels(output.get("cpt", [])),
                "notes": [str(n) for n in output.get("notes") or []]}, True
    except (ValueError, TypeError):
        return dict(EMPTY), False


def read_predictions(path: Path) -> dict[str, object]:
    """Raw outputs by record id (parsed later, so malformed outputs can be counted)."""
    predictions: dict[str, object] = {}
    try:
        handle = open(path, encoding="utf-8")
    except OSError:
        raise ChartforgeError.make("E004", path=path) from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError:
                raise ChartforgeError.make("E606", file=path, row=number, reason="not valid JSON") from None
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or "output" not in item:
                raise ChartforgeError.make("E606", file=path, row=number,
                                           reason="expected an object with a string 'id' and an 'output'")
            if item["id"] in predictions:
                raise ChartforgeError.make("E606", file=path, row=number, reason=f"duplicate id {item['id']}")
            predictions[item["id"]] = item["output"]
    return predictions
