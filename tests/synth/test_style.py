"""Style measures beside real notes: title share, abbreviation density, sentence lengths,
distinct-n at equal word count."""

from synth import style


def test_title_share_counts_intended_code_mentions_written_as_the_title(small_index):
    lines = ["Assessment: Essential (primary) hypertension.",  # the title
             "Essential hypertension, stable.",                # the title without its bracket
             "Known high blood pressure.",                     # a clinician's wording
             "Essential HTN.",                                 # the variant's words, abbreviated
             "Pneumonia ruled out."]                           # not an intended code: not counted
    result = style.title_share([(lines, ["I10"])], small_index)
    assert result == {"mentions": 4, "exact_title": 0.25, "title_variant": 0.5}
    assert style.title_share([], small_index) == {"mentions": 0, "exact_title": 0.0, "title_variant": 0.0}


def test_abbreviation_density_counts_the_reading_lists_abbreviations_per_100_words():
    result = style.abbreviation_density(["Hx of HTN and CAD.", "Stable today without complaints"])
    assert result["words"] == 9 and result["abbreviations"] == 3
    assert result["per_100_words"] == round(100 * 3 / 9, 3)
    assert result["most_frequent"] == {"cad": 1, "htn": 1, "hx": 1}


def test_sentence_lengths_split_at_stops_and_line_breaks():
    texts = ["One two three. Four five six seven eight!\nNine", "a b c d e f g h i j; k l"]
    result = style.sentence_lengths(texts)
    # sentences of 3, 5, 1, 10 and 2 words
    assert result["sentences"] == 5 and result["mean"] == 4.2 and result["median"] == 3.0
    assert result["fragments_1_4_words"] == 0.6


def test_beside_reference_cuts_both_corpora_to_the_same_word_count():
    run = ["a b c d", "a b c d"]
    reference = ["w x y z w x y z", "q r s t"]
    result = style.beside_reference(run, reference)
    assert result["tokens"] == 8
    assert result["distinct_2"] == {"run": 0.5, "reference": 0.5714, "ratio": round(0.5 / 0.5714, 4)}
    assert result["distinct_1"]["run"] == 0.5 and result["run"]["sentences"]["sentences"] == 2
    assert style.beside_reference(run, []) is None


def test_novelty_by_section_finds_the_section_that_only_repeats():
    """A section writing the same line in every note adds no new bigram in the corpus's second
    half; one whose words change adds them all; the kind most short of new bigrams comes first."""
    notes = [[("exam", "Lungs clear to auscultation bilaterally."), ("hpi", f"word{i} text{i} more{i}")]
             for i in range(10)]
    result = style.novelty_by_section(notes)
    by_kind = {r["kind"]: r for r in result["by_kind"]}
    assert by_kind["exam"]["new_rate"] == 0.0 and by_kind["hpi"]["new_rate"] == 1.0
    assert (by_kind["exam"]["bigrams"], by_kind["hpi"]["bigrams"]) == (20, 10)  # 4 and 2 a line, 5 notes
    assert by_kind["exam"]["share"] == 0.6667 and result["new_rate"] == round(10 / 30, 4)
    assert result["by_kind"][0]["kind"] == "exam"
