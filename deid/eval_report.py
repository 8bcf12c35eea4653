"""The rich table ``chartforge deid eval`` prints (counts and ratios only)."""

from __future__ import annotations

from rich.table import Table


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.4f}"


def metrics_table(metrics: dict) -> Table:
    table = Table(title=f"deid eval: {metrics['notes']} notes, {metrics['gold_spans']} gold spans, "
                        f"{metrics['predicted_spans']} predicted")
    table.add_column("category")
    table.add_column("gold", justify="right")
    table.add_column("found", justify="right")
    table.add_column("recall", justify="right")
    table.add_column("predicted", justify="right")
    table.add_column("precision", justify="right")
    predicted = metrics["per_predicted_label"]
    for label in sorted(set(metrics["per_category"]) | set(predicted)):
        gold = metrics["per_category"].get(label, {})
        pred = predicted.get(label, {})
        table.add_row(label, str(gold.get("gold", 0)), str(gold.get("found", 0)), _fmt(gold.get("recall")),
                      str(pred.get("predicted", 0)), _fmt(pred.get("precision")))
    table.add_section()
    table.add_row("[bold]any-overlap[/bold]", str(metrics["gold_spans"]), "", _fmt(metrics["recall"]),
                  str(metrics["predicted_spans"]), _fmt(metrics["precision"]))
    strict = metrics["strict"]
    table.add_row("strict (exact span+label)", "", "", _fmt(strict["recall"]), "", _fmt(strict["precision"]))
    table.add_row("strict F1", "", "", _fmt(strict["f1"]), "", "")
    table.add_row("token recall", "", "", _fmt(metrics["token_recall"]), "", "")
    return table
