"""The picture of a run's diversity that `synth eval` writes beside eval.json (eval.png):
corpus distinct-2 as the corpus grows, for the run and for real notes (the goal is the real
curve: at least 1.0x real notes at equal word count); and the note length distributions of both. Corpus distinct-2 falls as text accumulates, so one
number at one size says little; the curves show where the run sits against real text at every
size."""

from __future__ import annotations

from pathlib import Path

from synth import metrics

CURVE_POINTS = (5_000, 10_000, 25_000, 50_000, 100_000, 200_000, 400_000, 800_000, 1_600_000)


def distinct_2_curve(texts: list[str]) -> list[tuple[int, float]]:
    """(words, corpus distinct-2 over the first that many words) at the curve's sizes the corpus reaches."""
    total = sum(len(metrics.words(t)) for t in texts)
    sizes = [s for s in CURVE_POINTS if s < total] + [total]
    return [(size, metrics.distinct_n_at_tokens(texts, size)["corpus"]) for size in sizes if size > 0]


def write_eval_plot(path: Path, run_texts: list[str], reference_texts: list[str], reference_name: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (curve_ax, length_ax) = plt.subplots(1, 2, figsize=(11, 4))
    for texts, label, color in ((run_texts, "this run", "#2e86c1"), (reference_texts, f"real notes ({reference_name})", "#c0392b")):
        if texts:
            points = distinct_2_curve(texts)
            curve_ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=label, color=color)
    curve_ax.set_xscale("log")
    curve_ax.set_xlabel("corpus size (words)")
    curve_ax.set_ylabel("corpus distinct-2")
    curve_ax.set_ylim(0, 1)
    curve_ax.set_title("Distinct-2 as the corpus grows")
    curve_ax.legend()
    run_lengths = [len(metrics.words(t)) for t in run_texts]
    reference_lengths = [len(metrics.words(t)) for t in reference_texts]
    top = max(run_lengths + reference_lengths + [1])
    bins = [i * top / 30 for i in range(31)]
    length_ax.hist(run_lengths, bins=bins, alpha=0.6, label=f"this run ({len(run_lengths)} notes)", color="#2e86c1", density=True)
    if reference_lengths:
        length_ax.hist(reference_lengths, bins=bins, alpha=0.5, label=f"real notes ({len(reference_lengths)})",
                       color="#c0392b", density=True)
    length_ax.set_xlabel("words per note")
    length_ax.set_ylabel("share of notes")
    length_ax.set_title("Note length")
    length_ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
