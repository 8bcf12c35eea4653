"""`chartforge synth eval`: label fidelity, diversity and lengths of a finished run, and the
goals they are checked against (config [synth.eval])."""

from __future__ import annotations

import json
from pathlib import Path

from chartforge.atomic import write_json
from chartforge.contracts import files
from synth import bank_coverage, dedupe, metrics, realism, style, terms
from synth.pipeline import manifest_of, read_generated, read_labelled


def evaluate(out: Path, threshold: float = 0.8, shingle: int = 3, num_perm: int = 128,
             index_terms: Path | None = None) -> dict:
    """The report of run ``out``; ``index_terms``: the Alphabetic Index file of the term index the
    run was labelled with (``SynthSettings.index_terms_file()``), for the exact-title share."""
    generated = read_generated(out)
    labelled = {r["note_id"]: r for r in read_labelled(out)}
    pairs = [(g, labelled[g["note_id"]]) for g in generated if g["note_id"] in labelled]
    texts = [g["text"] for g in generated]
    near = dedupe.find_duplicates(texts, threshold, shingle, num_perm)
    discards: dict[str, int] = {}
    for _, lab in pairs:
        if lab["discard"]:
            discards[lab["discard"]] = discards.get(lab["discard"], 0) + 1
    return {
        "run_id": manifest_of(out)["run_id"],
        # on the published notes (a note whose labels differ from its intended codes is discarded,
        # pipeline.mismatch); and the labeller's agreement on every generated note before that
        "fidelity": metrics.fidelity([g for g, lab in pairs if not lab["discard"]],
                                     [lab for _, lab in pairs if not lab["discard"]]),
        "fidelity_generated": metrics.fidelity([g for g, _ in pairs], [lab for _, lab in pairs]),
        "discards": {"count": sum(discards.values()), "reasons": discards},
        "distinct_2": metrics.distinct_n(texts, 2),
        "distinct_3": metrics.distinct_n(texts, 3),
        "near_duplicates_before_dedupe": {"count": len(near), "rate": round(len(near) / max(len(texts), 1), 4),
                                          "exact": sum(d["kind"] == "exact" for d in near),
                                          "threshold": threshold, "shingle": shingle},
        "realism": realism.summary([(g["text"], g["seed"], g["intended_icd10cm"]) for g in generated]),
        "distinct_codes_generated": len({c for g in generated for c in g["intended_icd10cm"]}),
        "bank_coverage": bank_coverage.coverage(generated),
        "reachable_codes": json.loads((out / files.COOCCURRENCE).read_text())["reachable_codes"],
        "note_types": _count(g["plan"]["note_type"] for g in generated),
        "lengths": metrics.length_distribution(texts),
        "title_share": style.title_share([(lab["lines"], g["intended_icd10cm"]) for g, lab in pairs
                                          if not lab["discard"]], terms.full_index(index_terms)),
    }


def reference_texts(path: Path | None, notes: int | None = None, tokens: int | None = None) -> list[str]:
    """The first real notes of ``path`` (JSONL, "transcription" or "text"): ``notes`` of them,
    or as many as hold ``tokens`` words. Empty when there is no reference file. A text seen
    before is skipped: MTSamples lists most reports under two or more specialties (4,966 rows,
    2,357 texts), and repeated notes would lower the real corpus's distinct-n (0.171 instead
    of 0.265 at 1.5M words), flattering any run compared with it."""
    if path is None or not path.is_file():
        return []
    texts, words, seen = [], 0, set()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if (notes is not None and len(texts) >= notes) or (tokens is not None and words >= tokens):
                break
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a reference, not an input: a bad line is skipped, never fatal
            text = record.get("transcription") or record.get("text") if isinstance(record, dict) else None
            if isinstance(text, str) and text.strip() and text not in seen:
                seen.add(text)
                texts.append(text)
                words += len(metrics.words(text)) if tokens is not None else 0
    return texts


def reference_distinct_2(path: Path | None, notes: int) -> dict | None:
    """Distinct-2 of the first ``notes`` real notes of ``path``: corpus-level distinct-2 depends
    on corpus size, so the run is compared with real text at the same size. None when there is
    no reference file."""
    texts = reference_texts(path, notes=notes) if notes >= 1 else []
    return {"file": path.name, "notes": len(texts), **metrics.distinct_n(texts, 2)} if texts else None


def equal_token_distinct_2(run_texts: list[str], path: Path | None, fixed_tokens: int) -> list[dict]:
    """Corpus distinct-2 of the run and the real notes over the same number of words: the run's
    own word count and ``fixed_tokens`` (real notes are longer, so equal note counts give the
    real corpus more words and a lower figure than its vocabulary deserves). Each row: tokens,
    run, reference; a budget larger than either corpus is cut to the smaller one."""
    run_tokens = sum(len(metrics.words(t)) for t in run_texts)
    budgets = sorted({run_tokens, fixed_tokens})
    reference = reference_texts(path, tokens=max(budgets))
    if not reference or not run_texts:
        return []
    reference_tokens = sum(len(metrics.words(t)) for t in reference)
    rows = []
    for budget in budgets:
        size = min(budget, run_tokens, reference_tokens)
        if any(r["tokens"] == size for r in rows):
            continue
        rows.append({"tokens": size, "run": metrics.distinct_n_at_tokens(run_texts, size)["corpus"],
                     "reference": metrics.distinct_n_at_tokens(reference, size)["corpus"]})
    return rows


def _count(values) -> dict:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return dict(sorted(out.items()))


def goals(report: dict, section: dict) -> list[tuple[str, float | None, str, bool | None]]:
    """(goal, measured, target, met) rows; met is None when the figure could not be measured
    (no reference notes, no real coded notes beside a clone): reported, never failed."""
    f1 = report["fidelity"]["exact"]["f1"]
    dup = report["near_duplicates_before_dedupe"]["rate"]
    reach = report["reachable_codes"]
    contradictions = report["realism"]["notes_with_contradictions"]
    title = report["title_share"]["exact_title"]
    beside = report.get("beside_reference")
    d2 = beside["distinct_2"]["ratio"] if beside else None
    probe = report.get("probe") or {}
    ratio = (probe.get("ratio") or {}).get("exact")
    return [
        ("label fidelity exact-code F1 (published notes)", f1, f">= {section['min_exact_f1']}",
         f1 >= section["min_exact_f1"]),
        ("notes with a contradiction", contradictions, f"<= {section['max_contradictions']}",
         contradictions <= section["max_contradictions"]),
        ("code mentions written as the exact ICD title", title, f"<= {section['max_exact_title_share']}",
         title <= section["max_exact_title_share"]),
        ("corpus distinct-2 / real notes' at equal word count", d2, f">= {section['min_distinct_2_ratio']}",
         None if d2 is None else d2 >= section["min_distinct_2_ratio"]),
        ("corpus utility probe ratio (exact micro-F1)", ratio, f">= {section['min_probe_ratio']}",
         None if ratio is None else ratio >= section["min_probe_ratio"]),
        ("near-duplicate rate before dedupe", dup, f"< {section['max_near_duplicate_rate']}",
         dup < section["max_near_duplicate_rate"]),
        ("codes reachable from the seed list", reach, f">= {section['min_reachable_codes']}",
         reach >= section["min_reachable_codes"]),
    ]


def write_report(out: Path, report: dict) -> Path:
    path = out / files.RUN_EVAL
    write_json(path, report)
    return path
