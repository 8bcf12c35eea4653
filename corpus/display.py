"""Rich tables for the corpus commands: a version's counts and an evaluation report."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table

from chartforge.console import line, make_console
from corpus.splits import SPLITS

console = make_console()


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
    console.print(probe_line(manifest.get("probe"), manifest["name"], manifest["version"]), soft_wrap=True)


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
    console.print(probe_line(report.get("corpus_probe"), d["name"], d["version"]), soft_wrap=True)


def probe_line(summary: dict | None, name: str, version: str) -> str:
    """One line on the version's corpus utility probe (measured at build), or how to measure it."""
    if summary is None:
        return (f"corpus utility probe: not measured at build (chartforge corpus probe --version {name}/{version} "
                "--real FILE)")
    if summary.get("corpus") is None:
        return f"corpus utility probe: {summary['missing']}"
    corpus, real = summary["corpus"], summary["real"]
    line = (f"corpus utility probe on {real['documents']} real notes ({Path(real['file']).name}): corpus-trained "
            f"micro-F1 exact {fmt(corpus['exact']['f1'])}, category {fmt(corpus['category']['f1'])}")
    if summary["ratio"]:
        ref = summary["real_trained"]
        line += (f"; real-trained {fmt(ref['exact']['f1'])} / {fmt(ref['category']['f1'])}; ratio exact "
                 f"{fmt(summary['ratio']['exact'])}, category {fmt(summary['ratio']['category'])}")
    else:
        line += f"; {summary['missing']}"
    return line


def _pct(value) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def print_probe(report: dict) -> None:
    """Both probes' micro P/R/F1 on the real notes, the ratio, and what bounds it."""
    real = report["real"]
    table = Table(title=f"corpus utility probe: scored on {real['documents']} real notes "
                        f"({real['codes']} codes, {real['distinct_codes']} distinct) from {Path(real['file']).name}")
    for column in ("trained on", "level", "precision", "recall", "F1", "labels", "real codes in its labels"):
        table.add_column(column, justify="left" if column in ("trained on", "level") else "right")
    for name, part in (("this corpus", report["corpus"]), ("real notes", report["real_trained"])):
        if part is None:
            continue
        for level in ("exact", "category"):
            score = part[level]
            table.add_row(f"{name} ({part['documents']} docs)", level, fmt(score["precision"]), fmt(score["recall"]),
                          fmt(score["f1"]), str(part["labels"]) if level == "exact" else "",
                          _pct(part["coverage"][level]["occurrences"]))
    console.print(table)
    if report["ratio"]:
        ratio = report["ratio"]
        console.print(line((f"ratio (corpus-trained / real-trained micro-F1): exact {fmt(ratio['exact'])}, "
                            f"category {fmt(ratio['category'])}", "bold"), "; labels shared by both probes: "
                           f"{report['shared_labels']['exact']} codes, {report['shared_labels']['category']} categories"))
    if report["missing"]:
        console.print(report["missing"], soft_wrap=True)  # one line, unwrapped
    console.print(f"label space: {report['label_space']}. 'real codes in its labels' = share of the real notes' "
                  "code occurrences the probe has a label for (a ceiling on its recall).")
