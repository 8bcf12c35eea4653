"""The tables `chartforge synth eval` prints from its report (synth/evaluate.py builds it)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table


def table(title: str, rows: list[tuple], headers: tuple[str, ...]) -> Table:
    out = Table(title=title)
    for h in headers:
        out.add_column(h)
    for row in rows:
        out.add_row(*["n/a" if x is None else str(x) for x in row])
    return out


def _fidelity(console: Console, report: dict) -> None:
    fid, before = report["fidelity"], report["fidelity_generated"]
    rows = [(level, fid[level]["precision"], fid[level]["recall"], fid[level]["f1"], before[level]["f1"])
            for level in ("exact", "category")]
    if fid.get("cpt"):
        rows.append(("cpt", fid["cpt"]["precision"], fid["cpt"]["recall"], fid["cpt"]["f1"],
                     before["cpt"]["f1"] if before.get("cpt") else None))
    console.print(table(f"label fidelity: {fid['notes']} published notes (last column: all {before['notes']} "
                        "generated, before notes whose labels differ are discarded)", rows,
                        ("level", "precision", "recall", "F1", "F1 before discards")))
    console.print(f"negation-trap false-positive rate: {fid['trap_false_positive_rate']} "
                  f"over {fid['trap_mentions']} trap mentions {fid['trap_false_positive_by_kind']}")
    console.print(f"discarded: {report['discards']['count']} {report['discards']['reasons']}")


def _beside_reference(console: Console, report: dict, reference_name: str | None) -> None:
    beside = report.get("beside_reference")
    title = report["title_share"]
    if not beside:
        missing = reference_name or "no [synth.eval] reference_notes"  # prints as written (chartforge.console)
        console.print(f"real reference notes: none ({missing} missing)")
        return
    run, ref = beside["run"], beside["reference"]
    rows = [(f"distinct-{n}", beside[f"distinct_{n}"]["run"], beside[f"distinct_{n}"]["reference"],
             beside[f"distinct_{n}"]["ratio"]) for n in (1, 2, 3)]
    rows.append(("abbreviations per 100 words", run["abbreviations"]["per_100_words"],
                 ref["abbreviations"]["per_100_words"], None))
    for key in ("mean", "p10", "median", "p90", "fragments_1_4_words"):
        rows.append((f"words per sentence: {key}", run["sentences"].get(key), ref["sentences"].get(key), None))
    rows.append(("code mentions written as the exact ICD title", title["exact_title"], None, None))
    rows.append(("... as the title or its bracket-/unspecified-less variant", title["title_variant"], None, None))
    console.print(table(f"this run beside real notes ({reference_name}) over the same {beside['tokens']:,} words",
                        rows, ("measure", "this run", "real notes", "ratio")))


def _probe(console: Console, report: dict) -> None:
    probe = report.get("probe")
    if probe is None:
        console.print("corpus utility probe: not run (--no-probe)")
    elif probe.get("corpus") is None:
        console.print(probe["missing"], soft_wrap=True)
    else:
        rows = [(name, part["documents"], part["labels"], part["exact"]["f1"], part["category"]["f1"],
                 part["coverage"]["exact"]["occurrences"])
                for name, part in (("this run", probe["corpus"]), ("real coded notes", probe["real_trained"])) if part]
        console.print(table(f"corpus utility probe: scored on {probe['real']['documents']} real coded notes", rows,
                            ("trained on", "notes", "labels", "exact F1", "category F1", "real codes in its labels")))
        if probe["ratio"]:
            console.print(f"probe ratio (run-trained / real-trained micro-F1): exact {probe['ratio']['exact']}, "
                          f"category {probe['ratio']['category']}")
        else:
            console.print(probe["missing"], soft_wrap=True)


def print_report(console: Console, report: dict, goals: list[tuple], reference_name: str | None) -> None:
    _fidelity(console, report)
    lengths = report["lengths"]
    console.print(table("length distribution", [(k, *v.values()) for k, v in lengths.items()],
                        ("unit", *lengths["chars"].keys())))
    _beside_reference(console, report, reference_name)
    if report.get("distinct_2_reference"):
        ref = report["distinct_2_reference"]
        rows = [(f"first {ref['notes']} notes", report["distinct_2"]["corpus"], ref["corpus"])]
        rows += [(f"first {r['tokens']:,} words", r["run"], r["reference"]) for r in report.get("distinct_2_equal_tokens", [])]
        rows.append(("per note (mean)", report["distinct_2"]["per_note_mean"], ref["per_note_mean"]))
        console.print(table(f"distinct-2, this run vs real notes ({ref['file']}) at equal size", rows,
                            ("corpus size", "this run", "real notes")))
    console.print(f"distinct codes in this run: {report['distinct_codes_generated']}")
    _probe(console, report)
    console.print(table("condition-specific banks: share of code mentions / seeds with an entry of their own",
                        [(r["bank"], r["keys"], r["mentions"], r["seeds"], " ".join(r["most_uncovered"]))
                         for r in report["bank_coverage"]],
                        ("bank", "keys", "mentions", "seeds", "most frequent uncovered categories")))
    realism = report["realism"]
    console.print(f"notes with a contradiction (synth/realism.py): {realism['notes_with_contradictions']} "
                  f"of {realism['notes']} {realism['by_kind']}")
    status = {True: "met", False: "MISSED", None: "not measured"}
    console.print(table("goals", [(g, m, t, status[ok]) for g, m, t, ok in goals], ("goal", "measured", "target", "status")))
