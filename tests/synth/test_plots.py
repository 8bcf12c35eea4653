from synth import plots


def test_the_distinct_2_curve_falls_as_the_corpus_grows_and_ends_at_its_size():
    texts = [f"patient {i} reports pain in the left knee after a fall on day {i % 7}" for i in range(2000)]
    curve = plots.distinct_2_curve(texts)
    words = sum(len(t.split()) for t in texts)
    assert curve[-1][0] == words and [size for size, _ in curve] == sorted(size for size, _ in curve)
    values = [value for _, value in curve]
    assert values == sorted(values, reverse=True) and values[0] > values[-1]


def test_the_eval_plot_is_a_png(tmp_path):
    run = ["a b c d e f"] * 50
    path = plots.write_eval_plot(tmp_path / "eval.png", run, ["x y z w"] * 40, "ref.jsonl")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    empty_reference = plots.write_eval_plot(tmp_path / "alone.png", run, [], "none")
    assert empty_reference.stat().st_size > 1000
