"""deid/names.py: the name dictionaries are built from installed packages only."""

from deid.names import extended_first_names, extended_last_names, first_names, last_names


def test_extended_lists_add_packaged_names_to_fakers():
    assert first_names() <= extended_first_names() and last_names() <= extended_last_names()
    assert "Tomomi" in extended_first_names()  # gender-guesser's nam_dict
    assert "Kaczmarek" in extended_last_names()  # US Census surnames, capitalised like Faker's


def test_packaged_lists_add_no_function_words():
    # Faker itself lists "Will" and "May"; the packaged lists must not add "The" or "Of"
    added = (extended_first_names() - first_names()) | (extended_last_names() - last_names())
    assert not added & {"The", "Of", "He", "She", "And", "Was", "Is", "Be", "For", "Not"}
