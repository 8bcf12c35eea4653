"""Synthetic-branch benchmark: notes/s generated and notes/s labelled, peak RSS.

    python -m bench.synth --notes 1000            (make bench-synth)
    python -m bench.synth --notes 300 --no-retrieval

Generation and labelling are timed separately on the same notes, after the one-off loads
(term index, co-occurrence profiles, FAISS/BM25 index and encoder) which are reported apart.
Labelling with retrieval embeds every line with MiniLM on the CPU: that is the slow part.
Beside the wall-clock rates, the CPU seconds the process spent (``*_cpu_*``): on a shared box
the wall clock measures the other jobs as much as this one.

``--workers N`` (N > 1) also times generation + labelling together in N forked processes, as
``chartforge synth run --workers N`` writes chunks: wall clock, and CPU seconds of the workers.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import time

from chartforge.offline import configure_offline_environment


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--retrieval", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--batch", type=int, default=50, help="notes per labelling call (one encoder batch)")
    parser.add_argument("--workers", type=int, default=1, help="also time generate+label in this many processes")
    args = parser.parse_args(argv)
    configure_offline_environment()

    from synth import pipeline, seeds, terms
    from synth.cooccurrence import build_model
    from synth.generate import engine, notes
    from synth.settings import SynthSettings, repo_path

    from chartforge.config import get_config  # the bench is an entry point: it reads the configuration once

    settings = SynthSettings.from_config(get_config(), notes=args.notes, seed=args.seed, retrieval=args.retrieval)
    t0 = time.perf_counter()
    index = terms.full_index(settings.index_terms_file())
    model = build_model(repo_path(settings.codiesp_train))
    catalog = pipeline.load_catalog(settings.codebooks)
    t_setup = time.perf_counter() - t0

    rng = random.Random(args.seed)
    weights = seeds.frequency_weights(seeds.read_seed_list(), dict(model.counts))
    writer = engine.NoteWriter(index)
    t0, c0 = time.perf_counter(), time.process_time()
    generated = []
    for seed in seeds.sample_seeds(weights, args.notes, rng):
        plan = notes.plan_note(seed, model, index, rng, catalog, settings.max_codes)
        generated.append(notes.generate_note(plan, writer, rng))
    t_generate, c_generate = time.perf_counter() - t0, time.process_time() - c0

    t0 = time.perf_counter()
    labeller = pipeline.make_labeller(settings, index, catalog)
    t_load = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    lines = 0
    for start in range(0, len(generated), args.batch):
        results = labeller.label_many([g["text"] for g in generated[start:start + args.batch]])
        lines += sum(len(r.lines) for r in results)
    t_label, c_label = time.perf_counter() - t0, time.process_time() - c0

    report = {
        "notes": args.notes, "lines": lines, "retrieval": args.retrieval,
        "setup_seconds": round(t_setup, 2), "retriever_load_seconds": round(t_load, 2),
        "generate_notes_per_s": round(args.notes / t_generate, 1),
        "label_notes_per_s": round(args.notes / t_label, 1),
        "label_lines_per_s": round(lines / t_label, 1),
        "generate_label_notes_per_s": round(args.notes / (t_generate + t_label), 1),
        "generate_notes_per_cpu_s": round(args.notes / c_generate, 1),
        "label_notes_per_cpu_s": round(args.notes / c_label, 1),
        "generate_label_notes_per_cpu_s": round(args.notes / (c_generate + c_label), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if args.workers > 1:
        report.update(_parallel(args.workers, seeds.sample_seeds(weights, args.notes, random.Random(args.seed)),
                                (model, index, catalog, settings.max_codes, labeller, args.batch)))
    print(json.dumps(report, indent=2))
    return 0


_JOB: tuple = ()  # what the forked workers share (set before the pool forks)


def _generate_and_label(part: tuple[int, list[str]]) -> float:
    """One worker's share: its notes generated and labelled; returns its CPU seconds."""
    from synth.generate import engine, notes

    model, index, catalog, max_codes, labeller, batch = _JOB
    number, seeds = part
    c0 = time.process_time()
    rng, writer = random.Random(number), engine.NoteWriter(index)
    texts = [notes.generate_note(notes.plan_note(s, model, index, rng, catalog, max_codes), writer, rng)["text"]
             for s in seeds]
    for start in range(0, len(texts), batch):
        labeller.label_many(texts[start:start + batch])
    return time.process_time() - c0


def _parallel(workers: int, drawn: list[str], job: tuple) -> dict:
    global _JOB
    _JOB = job
    parts = [(n, drawn[n::workers]) for n in range(workers)]
    t0 = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        cpu = pool.map(_generate_and_label, parts)
    wall = time.perf_counter() - t0
    return {"workers": workers, "parallel_generate_label_notes_per_s": round(len(drawn) / wall, 1),
            "parallel_worker_cpu_seconds": [round(c, 1) for c in cpu],
            "parallel_generate_label_notes_per_cpu_s": round(len(drawn) / sum(cpu), 1)}


if __name__ == "__main__":
    raise SystemExit(main())
