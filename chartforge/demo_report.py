"""Summary and HTML report of a `chartforge demo` run: counts and metrics only, no note text.

Everything is read back from the artifacts the stages wrote (manifests, gate.json, the
eval report), so the printed numbers are the manifest's numbers, not a second computation.
"""

from __future__ import annotations

from chartforge.contracts import files
from chartforge.contracts.files import GATE as GATE_FILE, MANIFEST as MANIFEST_FILE

import base64
import html
import io
import json
from pathlib import Path


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


def _newest(parent: Path, marker: str) -> Path | None:
    found = sorted(parent.glob(f"*/{marker}"), key=lambda p: p.stat().st_mtime)
    return found[-1].parent if found else None


def _newest_dataset(datasets: Path) -> Path | None:
    found = sorted(datasets.glob("*/*/manifest.json"), key=lambda p: p.stat().st_mtime)
    return found[-1].parent if found else None


def _round_summary(number: int, batch: Path) -> dict:
    """One review round: its batch's planted-PHI misses, site lexicon and gate, as written."""
    manifest, gate = _read_json(batch / MANIFEST_FILE), _read_json(batch / GATE_FILE)
    gold, lexicon = manifest.get("gold", {}), manifest.get("site_lexicon") or {}
    return {"round": number, "batch_id": manifest.get("batch_id"), "batch_dir": str(batch),
            "planted_spans": gold.get("spans"), "planted_missed": gold.get("missed"),
            "site_lexicon_entries": lexicon.get("entries", 0), "site_lexicon_by_label": lexicon.get("by_label", {}),
            "gate": {k: gate.get(k) for k in ("status", "reviewed", "findings", "upper_bound", "target", "reason")}}


def collect_summary(out: Path, results, rounds: list[dict] | None = None) -> dict:
    """``rounds``: the demo's review rounds ({"round", "batch_dir"}), oldest first; the last one's
    batch is the one the corpus build was offered (without rounds: the newest batch)."""
    rounds = rounds or []
    batch = Path(rounds[-1]["batch_dir"]) if rounds else _newest(out / "batches", MANIFEST_FILE)
    synth = _newest(out / "synth", MANIFEST_FILE)
    dataset = _newest_dataset(out / "datasets")
    batch_manifest = _read_json(batch / MANIFEST_FILE) if batch else {}
    return {
        "stages": [vars(r) for r in results],
        "batch_dir": str(batch) if batch else None,
        "deid": {
            "reconciliation": batch_manifest.get("reconciliation", {}),
            "gold": batch_manifest.get("gold", {}),
            "stages": batch_manifest.get("stages", {}),
        },
        "gate": _read_json(batch / GATE_FILE) if batch else {},
        "synth_dir": str(synth) if synth else None,
        "synth": _read_json(synth / MANIFEST_FILE) if synth else {},
        "dataset_dir": str(dataset) if dataset else None,
        "dataset": _read_json(dataset / MANIFEST_FILE) if dataset else {},
        "baseline_eval": _read_json(out / files.BASELINE_EVAL),
        "rounds": [_round_summary(r["round"], Path(r["batch_dir"])) for r in rounds],
    }


def _gate_words(gate: dict) -> str:
    if not gate.get("status"):
        return "not decided"
    words = f"{gate['status']}: {gate.get('findings')} of {gate.get('reviewed')} reviewed records held PHI"
    if gate.get("upper_bound") is not None:
        words += f" (upper bound {gate['upper_bound']:.4f}, target < {gate.get('target')})"
    return words


def corpus_verdict(summary: dict) -> str | None:
    """In plain words: did real (de-identified) notes reach the corpus, and if not, why (counts)."""
    gate, dataset = summary.get("gate") or {}, summary.get("dataset") or {}
    if not gate:
        return None
    rounds = summary.get("rounds") or []
    which = f"round {rounds[-1]['round']}'s batch" if rounds else "the de-identified batch"
    real = dataset.get("counts", {}).get("per_source", {}).get("deid", 0)
    if gate.get("status") == "passed":
        if real:
            return f"yes: {real} de-identified real notes reached the corpus ({which} passed the residual-PHI gate)"
        return f"no: {which} passed the residual-PHI gate, but the corpus holds no de-identified record"
    return (f"no: {which} failed the residual-PHI gate ({gate.get('findings')} of {gate.get('reviewed')} reviewed "
            f"records still held PHI; {gate.get('reason')}); the corpus holds synthetic notes only")


# The trainer metrics worth a line in the summary: (label, path into the eval report).
HEADLINE_METRICS = (
    ("ICD-10-CM F1, category (3 chars)", ("icd10cm", "category", "f1")),
    ("ICD-10-CM F1, subcategory", ("icd10cm", "subcategory", "f1")),
    ("ICD-10-CM F1, exact code", ("icd10cm", "exact", "f1")),
    ("ICD-10-CM F1, exact with evidence", ("icd10cm_exact_with_evidence", "f1")),
    ("evidence Jaccard (matched codes)", ("evidence_jaccard", "mean")),
    ("CPT set F1", ("cpt", "f1")),
    ("invalid-code rate", ("invalid_code_rate",)),
    ("no-valid-prediction rate", ("no_valid_prediction_rate",)),
)


def _dig(data: dict, path: tuple[str, ...]):
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def baseline_metrics(evaluation: dict) -> list[tuple[str, float | None]]:
    """The headline trainer metrics of the baseline (None where the report has no value,
    e.g. CPT F1 on a split without procedures)."""
    return [(label, _dig(evaluation, path)) for label, path in HEADLINE_METRICS] if evaluation else []


def round_facts(summary: dict) -> list[tuple[str, str]]:
    """Round 1 beside round 2 (when the steward's loop ran): misses, lexicon, gate."""
    facts = []
    for r in summary.get("rounds") or []:
        n = r["round"]
        if n > 1 or len(summary["rounds"]) > 1:
            by_label = ", ".join(f"{k} {v}" for k, v in sorted(r["site_lexicon_by_label"].items()))
            facts.append((f"round {n}: site lexicon applied (entries)",
                          f"{r['site_lexicon_entries']}" + (f" ({by_label})" if by_label else "")))
        facts.append((f"round {n}: planted PHI spans missed by detection", f"{r['planted_missed']} of {r['planted_spans']}"))
        facts.append((f"round {n}: residual-PHI gate", _gate_words(r["gate"])))
    verdict = corpus_verdict(summary)
    if verdict:
        facts.append(("real notes reached the corpus", verdict))
    return facts


def key_facts(summary: dict) -> list[tuple[str, str]]:
    """What a steward reads first, each number taken from a manifest or report as written."""
    facts = round_facts(summary)
    rec = summary["deid"]["reconciliation"]
    if rec:
        facts.append(("notes read / published / duplicates / quarantined",
                      f"{rec.get('read')} / {rec.get('published')} / {rec.get('duplicates')} / {rec.get('quarantined')}"))
    gold = summary["deid"]["gold"]
    if gold:
        facts.append(("planted PHI spans missed by detection (miss rate)",
                      f"{gold.get('missed')} of {gold.get('spans')} ({gold.get('miss_rate', 0):.4f})"))
    gate = summary["gate"]
    if gate:
        facts.append(("residual-PHI gate", str(gate.get("status"))))
        facts.append(("reviewed / with PHI", f"{gate.get('reviewed')} / {gate.get('findings')}"))
        if gate.get("upper_bound") is not None:
            facts.append((f"residual-PHI upper bound (target {gate.get('target')})", f"{gate['upper_bound']:.4f}"))
    synth = summary.get("synth", {}).get("counts", {})
    if synth:
        # published = labelled + augmented copies - duplicates (synth.pipeline reconciles it), so it
        # can exceed generated; say why in the value rather than leave a reader wondering
        augmented = synth.get("augmented_pairs")
        facts.append(("synthetic notes generated / published",
                      f"{synth.get('generated', '?')} / {synth.get('published', '?')}"
                      + (f" (with {augmented} augmented copies)" if augmented else "")))
    counts = summary["dataset"].get("counts", {})
    if counts:
        per_source = counts.get("per_source", {})
        per_split = counts.get("per_split", {})
        facts.append(("dataset records (de-identified / synthetic)",
                      f"{counts.get('records')} ({per_source.get('deid', 0)} / {per_source.get('synth', 0)})"))
        facts.append(("train / validation / test",
                      " / ".join(str(per_split.get(split, {}).get("total", 0))
                                 for split in ("train", "validation", "test"))))
        facts.append(("near-duplicates removed", str(counts.get("near_duplicates_removed", 0))))
    evaluation = summary["baseline_eval"]
    if evaluation:
        facts.append(("baseline scored on", f"{evaluation.get('records')} {evaluation.get('dataset', {}).get('split', '')} records"))
    for label, value in baseline_metrics(evaluation):
        facts.append((f"baseline {label}", "n/a" if value is None else f"{value:.3f}"))
    probe = summary["dataset"].get("probe")
    if probe:  # corpus/probe.py: a coder trained on the corpus, scored on real coded notes
        ratio = probe.get("ratio")
        facts.append(("corpus utility probe (corpus-trained / real-trained F1, exact / category)",
                      f"{ratio['exact']:.3f} / {ratio['category']:.3f}" if ratio and None not in ratio.values()
                      else probe.get("missing") or "n/a"))
    if summary["dataset_dir"]:
        facts.append(("dataset", summary["dataset_dir"]))
    return facts


def print_summary(summary: dict) -> None:
    from rich.table import Table

    from chartforge.console import line, make_console

    console = make_console()
    stages = Table(title="chartforge demo: stages")
    for column in ("stage", "exit", "seconds"):
        stages.add_column(column, justify="left" if column == "stage" else "right")
    for stage in summary["stages"]:
        exit_text = str(stage["returncode"]) + (" (expected)" if stage["expected_failure"] and stage["returncode"] else "")
        stages.add_row(stage["name"], exit_text, f"{stage['seconds']:.1f}")
    console.print(stages)

    facts = Table(title="chartforge demo: what came out")
    facts.add_column("what")
    facts.add_column("value", justify="right", overflow="fold")
    for what, value in key_facts(summary):  # values quote settings like "[corpus.probe] real": markup is off
        facts.add_row(what, value)
    console.print(facts)
    verdict = corpus_verdict(summary)
    if verdict:
        console.print(line(("Real notes in the corpus:", "bold"), f" {verdict}"))


def _png(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _charts(summary: dict) -> list[tuple[str, str]]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    charts = []
    per_label = summary["deid"]["gold"].get("per_label", {})
    if per_label:
        labels = sorted(per_label)
        fig, ax = plt.subplots(figsize=(8, 3.5))
        ax.bar(labels, [per_label[k].get("miss_rate", 0) for k in labels], color="#c0392b")
        ax.set_ylabel("miss rate on planted gold")
        ax.set_title("De-identification: planted PHI missed, per category")
        ax.tick_params(axis="x", rotation=60)
        charts.append(("PHI miss rate per category", _png(fig)))
        plt.close(fig)
    stages = summary["stages"]
    if stages:
        fig, ax = plt.subplots(figsize=(8, 0.4 * len(stages) + 1))
        ax.barh([s["name"] for s in stages][::-1], [s["seconds"] for s in stages][::-1], color="#2e86c1")
        ax.set_xlabel("seconds")
        ax.set_title("Wall time per stage")
        charts.append(("Stage timings", _png(fig)))
        plt.close(fig)
    metrics = [(k, v) for k, v in baseline_metrics(summary["baseline_eval"]) if v is not None]
    if metrics:
        fig, ax = plt.subplots(figsize=(8, 3.5))
        ax.barh([k for k, _ in metrics][::-1], [v for _, v in metrics][::-1], color="#27ae60")
        ax.set_xlim(0, 1)
        ax.set_title("Trainer metrics of the retrieval-only baseline (test split)")
        charts.append(("Baseline trainer metrics", _png(fig)))
        plt.close(fig)
    return charts


def write_html_report(out: Path, summary: dict) -> Path:
    sections = []
    for title, data in _charts(summary):
        sections.append(f"<h2>{html.escape(title)}</h2><img alt='{html.escape(title)}' src='data:image/png;base64,{data}'>")
    rows = "".join(
        f"<tr><td>{html.escape(s['name'])}</td><td>{s['returncode']}</td><td>{s['seconds']:.1f}</td>"
        f"<td><code>{html.escape(s['command'])}</code></td></tr>" for s in summary["stages"])
    gate = summary["gate"]
    gate_html = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
                        for k, v in sorted(gate.items()) if not isinstance(v, (dict, list)))
    facts_html = "".join(f"<tr><th>{html.escape(what)}</th><td>{html.escape(value)}</td></tr>"
                         for what, value in key_facts(summary))
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>chartforge demo report</title>
<style>body{{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;color:#222}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}
code{{font-size:0.85em}}img{{max-width:100%}}</style></head><body>
<h1>chartforge demo report</h1>
<p>Counts and metrics only: no note text appears in this report. Dataset:
<code>{html.escape(str(summary['dataset_dir']))}</code></p>
<h2>Stages</h2><table><tr><th>stage</th><th>exit</th><th>seconds</th><th>command</th></tr>{rows}</table>
<h2>What came out</h2><table>{facts_html}</table>
<h2>Residual-PHI gate</h2><table>{gate_html}</table>
{''.join(sections)}
<h2>Raw summary</h2><pre>{html.escape(json.dumps(summary, indent=2, sort_keys=True, default=str))}</pre>
</body></html>"""
    target = out / "report.html"
    target.write_text(page, encoding="utf-8")
    return target
