"""What limits a synthetic corpus's distinct-n: its notes beside real ones at equal word count,
and, by section kind and by style, where new bigrams stop coming (issue 20).

    python -m bench.synth_repetition --notes 2000
    python -m bench.synth_repetition --notes 2000 --operative-weight 0.1   (a paired figure)

Generates the notes in process (no labelling; the same draws as `chartforge synth run` makes
for its own seeds, not the same notes), tags every line with the section kind that wrote it
(``Rendered.line_kinds``), and prints JSON: distinct-1/2/3 of the notes and of the reference
notes ([synth.eval] reference_notes) over the same words, words per style, and per section
kind its share of the second half's bigrams and the share of those never seen before
(``synth.style.novelty_by_section``). Corpus distinct-n is a property of the margin: the
sections whose new-bigram rate is lowest for their share are the ones to make richer.
"""

from __future__ import annotations

import argparse
import json
import random
from statistics import median

from chartforge.offline import configure_offline_environment


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--operative-weight", type=float, default=None,
                        help="the operative note weight to draw with (default: templates.yaml's)")
    parser.add_argument("--top", type=int, default=25, help="section kinds to list")
    args = parser.parse_args(argv)
    configure_offline_environment()

    from synth import evaluate, metrics, pipeline, seeds, style, terms
    from synth.cooccurrence import build_model
    from synth.generate import engine, grammar, notes
    from synth.settings import SynthSettings, repo_path

    from chartforge.config import get_config  # the bench is an entry point: it reads the configuration once

    settings = SynthSettings.from_config(get_config(), notes=args.notes, seed=args.seed, retrieval=False)
    index = terms.full_index(settings.index_terms_file())
    model = build_model(repo_path(settings.codiesp_train))
    catalog = pipeline.load_catalog(settings.codebooks)
    templates = grammar.load_templates()  # the cached dict plan_note reads
    if args.operative_weight is not None:
        templates["note_type_weights"]["operative"] = args.operative_weight
    rng = random.Random(args.seed)
    weights = seeds.frequency_weights(seeds.read_seed_list(), dict(model.counts))
    writer = engine.NoteWriter(index)
    texts, tagged, styles = [], [], []
    for seed in seeds.sample_seeds(weights, args.notes, rng):
        plan = notes.plan_note(seed, model, index, rng, catalog, settings.max_codes)
        rendered = writer.write(plan, rng)
        texts.append(rendered.text)
        tagged.append(list(zip(rendered.line_kinds, rendered.text.rstrip("\n").split("\n"))))
        styles.append(f"{plan['style']}/{plan['note_type']}")

    words = sum(len(metrics.words(t)) for t in texts)
    reference = evaluate.reference_texts(repo_path(get_config()["synth"]["eval"]["reference_notes"]), tokens=words)
    by_style: dict[str, list[int]] = {}
    for name, text in zip(styles, texts):
        by_style.setdefault(name, []).append(len(metrics.words(text)))
    novelty = style.novelty_by_section(tagged)
    report = {
        "notes": args.notes, "seed": args.seed, "operative_weight": templates["note_type_weights"]["operative"],
        "beside_reference": style.distinct_at_equal_tokens(texts, reference, words) if reference else None,
        "styles": {name: {"notes": len(w), "median_words": median(w), "share_of_words": round(sum(w) / words, 4)}
                   for name, w in sorted(by_style.items())},
        "second_half_bigrams": novelty["bigrams"], "second_half_new_rate": novelty["new_rate"],
        "by_section_kind": novelty["by_kind"][:args.top],
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
