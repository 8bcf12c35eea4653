"""Synthetic-branch benchmark: notes/s generated and notes/s labelled, peak RSS.

    python -m bench.synth --notes 1000            (make bench-synth)
    python -m bench.synth --notes 300 --no-retrieval

Generation and labelling are timed separately on the same notes, after the one-off loads
(term index, co-occurrence profiles, FAISS/BM25 index and encoder) which are reported apart.
Labelling with retrieval embeds every line with MiniLM on the CPU: that is the slow part.
Beside the wall-clock rates, the CPU seconds the process spent (``*_cpu_*``): on a shared box
the wall clock measures the other jobs as much as this one.
"""

from __future__ import annotations

import argparse
import json
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
    args = parser.parse_args(argv)
    configure_offline_environment()

    from synth import pipeline, seeds, terms
    from synth.cooccurrence import build_model
    from synth.generate import engine, notes
    from synth.settings import SynthSettings, repo_path

    settings = SynthSettings.from_config(notes=args.notes, seed=args.seed, retrieval=args.retrieval)
    t0 = time.perf_counter()
    index = terms.full_index()
    model = build_model(repo_path(settings.codiesp_train))
    catalog = pipeline.load_catalog()
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
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
