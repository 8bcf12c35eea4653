from synth.label import lines


def test_lines_are_stripped_and_blank_lines_dropped():
    assert lines.split_lines("A:\n\n  x  \r\ny\n") == ["A:", "x", "y"]


def test_known_headers_set_sections_and_problem_lines_keep_their_name():
    text = ["Family History:", "Mother with stroke.", "Hypertension: stable.", "ASSESSMENT AND PLAN: ok"]
    assert lines.section_of_lines(text) == ["family history", "family history", "family history", "assessment and plan"]
    assert lines.strip_header("Hypertension: stable.") == "Hypertension: stable."
    assert lines.strip_header("HPI: 70 yo with CHF") == "70 yo with CHF"
