"""Rich tables for the corpus commands: a version's counts and an evaluation report."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from corpus.splits import SPLITS

console = Console()


def print_manifest(manifest: dict, path: Path) -> None:
    table = Table(title=f"{manifest['name']}/{manifest['version']}")
    for column in ("split", "deid", "synth", "total"):
        table.add_column(column, justify="left" if column == "split" else "right")
    for split in SPLITS:
        row = manifest["counts"]["per_split"][split]
        table.add_row(split, str(row["deid"]), str(row["synth"]), str(row["total"]))
    console.print(table)
    counts = manifest["counts"]
    console.print(f"records in {counts['records_in']} = published {counts['records']} + excluded "
                  f"{counts['excluded']} + near-duplicates removed {counts['near_duplicates_removed']}; "
                  f"codes dropped {counts['dropped_codes']}")
    for batch in manifest["inputs"]["deid"]:
        gate = batch["gate"]
        console.print(f"gate {batch['id']}: {gate.get('reviewed')} reviewed, {gate.get('findings')} findings, "
                      f"upper bound {gate.get('upper_bound')} (target {gate.get('target')})")
    console.print(f"codebook {manifest['codebook_version']}; path {path}")


def fmt(value) -> str:
    return "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def print_report(report: dict) -> None:
    d = report["dataset"]
    table = Table(title=f"{d['name']}/{d['version']} [{d['split']}]: {report['records']} records")
    for column in ("metric", "precision", "recall", "F1", "tp/fp/fn"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    rows = [(f"ICD {level}", report["icd10cm"][level]) for level in ("category", "subcategory", "exact")]
    rows += [("ICD exact + evidence", report["icd10cm_exact_with_evidence"]), ("CPT set", report["cpt"])]
    for label, score in rows:
        table.add_row(label, fmt(score["precision"]), fmt(score["recall"]), fmt(score["f1"]),
                      f"{score['tp']}/{score['fp']}/{score['fn']}")
    console.print(table)
    ncci = report["ncci_violations"]
    console.print(f"evidence Jaccard {fmt(report['evidence_jaccard']['mean'])} over {report['evidence_jaccard']['pairs']} "
                  f"matched codes; invalid-code rate {fmt(report['invalid_code_rate'])}; no-valid-prediction rate "
                  f"{fmt(report['no_valid_prediction_rate'])}; NCCI violations {ncci['pairs']} in {ncci['records']} "
                  f"records; missing {report['missing_predictions']}, malformed {report['malformed_predictions']}, "
                  f"ignored {report['ignored_predictions']}")
