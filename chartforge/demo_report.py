"""Summary and HTML report of a `chartforge demo` run: counts and metrics only, no note text.

Everything is read back from the artifacts the stages wrote (manifests, gate.json, the
eval report), so the printed numbers are the manifest's numbers, not a second computation.
"""

from __future__ import annotations

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


def collect_summary(out: Path, results) -> dict:
    batch = _newest(out / "batches", "manifest.json")
    synth = _newest(out / "synth", "manifest.json")
    dataset = _newest_dataset(out / "datasets")
    batch_manifest = _read_json(batch / "manifest.json") if batch else {}
    return {
        "stages": [vars(r) for r in results],
        "batch_dir": str(batch) if batch else None,
        "deid": {
            "reconciliation": batch_manifest.get("reconciliation", {}),
            "gold": batch_manifest.get("gold", {}),
            "stages": batch_manifest.get("stages", {}),
        },
        "gate": _read_json(batch / "gate.json") if batch else {},
        "synth_dir": str(synth) if synth else None,
        "synth": _read_json(synth / "manifest.json") if synth else {},
        "dataset_dir": str(dataset) if dataset else None,
        "dataset": _read_json(dataset / "manifest.json") if dataset else {},
        "baseline_eval": _read_json(out / "baseline_eval.json"),
    }


def _metric_rows(evaluation: dict) -> list[tuple[str, float]]:
    """Flatten the eval report's numeric metrics (one level of nesting) into rows."""
    rows = []
    metrics = evaluation.get("metrics", evaluation)
    for key, value in metrics.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            rows.append((key, float(value)))
        elif isinstance(value, dict):
            for sub, subvalue in value.items():
                if isinstance(subvalue, (int, float)) and not isinstance(subvalue, bool):
                    rows.append((f"{key}.{sub}", float(subvalue)))
    return rows


def print_summary(summary: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    stages = Table(title="chartforge demo: stages")
    for column in ("stage", "exit", "seconds"):
        stages.add_column(column, justify="left" if column == "stage" else "right")
    for stage in summary["stages"]:
        exit_text = str(stage["returncode"]) + (" (expected)" if stage["expected_failure"] and stage["returncode"] else "")
        stages.add_row(stage["name"], exit_text, f"{stage['seconds']:.1f}")
    console.print(stages)

    facts = Table(title="chartforge demo: what came out")
    facts.add_column("what")
    facts.add_column("value", justify="right")
    rec = summary["deid"]["reconciliation"]
    if rec:
        facts.add_row("notes read / published / duplicates / quarantined",
                      f"{rec.get('read')} / {rec.get('published')} / {rec.get('duplicates')} / {rec.get('quarantined')}")
    gold = summary["deid"]["gold"]
    if gold:
        facts.add_row("planted PHI spans missed by detection (miss rate)",
                      f"{gold.get('missed')} of {gold.get('spans')} ({gold.get('miss_rate', 0):.4f})")
    gate = summary["gate"]
    if gate:
        facts.add_row("residual-PHI gate", str(gate.get("status")))
        facts.add_row("reviewed / with PHI", f"{gate.get('reviewed')} / {gate.get('findings')}")
        if gate.get("upper_bound") is not None:
            facts.add_row(f"residual-PHI upper bound (target {gate.get('target')})", f"{gate['upper_bound']:.4f}")
    counts = summary["dataset"].get("row_counts") or summary["dataset"].get("counts")
    if counts:
        facts.add_row("dataset rows", json.dumps(counts, sort_keys=True))
    for name, value in _metric_rows(summary["baseline_eval"])[:12]:
        facts.add_row(f"baseline {name}", f"{value:.4f}")
    if summary["dataset_dir"]:
        facts.add_row("dataset", summary["dataset_dir"])
    console.print(facts)


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
    metrics = [(k, v) for k, v in _metric_rows(summary["baseline_eval"]) if 0 <= v <= 1][:14]
    if metrics:
        fig, ax = plt.subplots(figsize=(8, 3.5))
        ax.bar([k for k, _ in metrics], [v for _, v in metrics], color="#27ae60")
        ax.set_ylim(0, 1)
        ax.set_title("Trainer metrics of the retrieval-labeller baseline")
        ax.tick_params(axis="x", rotation=60)
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
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>chartforge demo report</title>
<style>body{{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;color:#222}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}
code{{font-size:0.85em}}img{{max-width:100%}}</style></head><body>
<h1>chartforge demo report</h1>
<p>Counts and metrics only: no note text appears in this report. Dataset:
<code>{html.escape(str(summary['dataset_dir']))}</code></p>
<h2>Stages</h2><table><tr><th>stage</th><th>exit</th><th>seconds</th><th>command</th></tr>{rows}</table>
<h2>Residual-PHI gate</h2><table>{gate_html}</table>
{''.join(sections)}
<h2>Raw summary</h2><pre>{html.escape(json.dumps(summary, indent=2, sort_keys=True, default=str))}</pre>
</body></html>"""
    target = out / "report.html"
    target.write_text(page, encoding="utf-8")
    return target
