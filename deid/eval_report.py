"""The rich table ``chartforge deid eval`` prints (counts and ratios only)."""

from __future__ import annotations

from rich.table import Table

from chartforge.console import styled


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
    table.add_row(styled("any-overlap", "bold"), str(metrics["gold_spans"]), "", _fmt(metrics["recall"]),
                  str(metrics["predicted_spans"]), _fmt(metrics["precision"]))
    strict = metrics["strict"]
    table.add_row("strict (exact span+label)", "", "", _fmt(strict["recall"]), "", _fmt(strict["precision"]))
    table.add_row("strict F1", "", "", _fmt(strict["f1"]), "", "")
    table.add_row("token recall", "", "", _fmt(metrics["token_recall"]), "", "")
    return table


def _pct(value) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def suite_table(rows: list[dict], profile: str) -> Table:
    """One row per (set, contender): recall, precision, false flags, speed."""
    table = Table(title=f"deid eval --suite, profile {profile} (any-overlap, as deid.pl counts)",
                  caption="flags/1k: every flag; on don't-care/1k: flags on regions a set marks don't-care "
                          "(CodiEsp: dates, towns, hospitals, titled names its case reports print: PHI-shaped "
                          "text a de-identifier is right to flag); false/1k: the rest, flags on clinical language "
                          "(MTSamples: outside its gold). A no-PHI set's precision goal counts false/1k.")
    for column in ("set", "contender", "notes", "words", "gold", "recall", "precision", "token R", "flags/1k",
                   "on don't-care/1k", "false/1k", "notes w/ false", "notes/s"):
        table.add_column(column, justify="left" if column in ("set", "contender") else "right")
    previous = None
    for row in rows:
        if previous is not None and row["set"] != previous:
            table.add_section()
        previous = row["set"]
        phi = row["has_phi"]
        table.add_row(row["set"], row["contender"], str(row["notes"]), str(row["words"]),
                      str(row["gold_spans"]) if phi else "no PHI", _fmt(row["recall"]) if phi else "-",
                      _fmt(row["precision"]) if phi else "-", _fmt(row["token_recall"]) if phi else "-",
                      "-" if row["flags_per_1k_words"] is None else f"{row['flags_per_1k_words']:.2f}",
                      "-" if row.get("dont_care_flags_per_1k_words") is None else f"{row['dont_care_flags_per_1k_words']:.2f}",
                      "-" if row["false_flags_per_1k_words"] is None else f"{row['false_flags_per_1k_words']:.2f}",
                      _pct(row["notes_with_false_flag_share"]),
                      "-" if row.get("notes_per_s") is None else f"{row['notes_per_s']:.1f}")
    return table


def verification_table(rows: list[dict]) -> Table:
    """The verification pass on the first contender's surrogate-replaced output, per set."""
    table = Table(title="verification pass (after the first contender + surrogates): flags off our surrogates")
    for column in ("set", "flags", "real PHI", "real PHI share", "on don't-care", "notes flagged",
                   "residual gold spans", "residue caught"):
        table.add_column(column, justify="left" if column == "set" else "right")
    for row in rows:
        verify = row.get("verification")
        if not verify:
            continue
        table.add_row(row["set"], str(verify["flags"]), str(verify["real_phi"]), _pct(verify["real_phi_share"]),
                      str(verify.get("on_dont_care", "-")), _pct(verify["notes_flagged_share"]), str(verify["residual_gold_spans"]),
                      f"{verify['residual_regions_caught']}/{verify['residual_regions']}")
    return table


def per_label_table(rows: list[dict], contender: str) -> Table:
    """Recall per gold label (found/gold) for one contender, one column per set."""
    chosen = [r for r in rows if r["contender"] == contender and r["has_phi"]]
    table = Table(title=f"recall per label: {contender}")
    table.add_column("label")
    for row in chosen:
        table.add_column(row["set"], justify="right")
    labels = sorted({label for r in chosen for label in r["per_category"]})
    for label in labels:
        cells = []
        for row in chosen:
            cell = row["per_category"].get(label)
            cells.append("" if not cell else f"{cell['found']}/{cell['gold']} {_fmt(cell['recall'])}")
        table.add_row(label, *cells)
    return table
