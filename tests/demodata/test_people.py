from __future__ import annotations

import random

from demodata.people import NameFactory, Person, render_form


def _pieces(form: str, person: Person | None = None) -> list:
    person = person or Person(first="María José", last="García-López", middle="T", sex="female")
    return render_form(person, form, random.Random(0))


def test_titles_and_credentials_are_outside_the_name_piece():
    assert _pieces("[Dr.] Last") == [("Dr.", None), (" ", None), ("García-López", "NAME")]
    pieces = _pieces("First Last[, MD]")
    assert pieces == [("María José García-López", "NAME"), (", MD", None)]
    title, name = _pieces("[Title] Last")[0], _pieces("[Title] Last")[-1]
    assert title[1] is None and title[0].startswith(("Mrs", "Ms", "Miss")) and name == ("García-López", "NAME")


def test_initials_and_capitals_forms():
    assert _pieces("FL[ RN]") == [("MG", "NAME"), (" RN", None)]
    assert _pieces("F. Last") == [("M. García-López", "NAME")]
    assert _pieces("LAST, FIRST") == [("GARCÍA-LÓPEZ, MARÍA JOSÉ", "NAME")]
    assert _pieces("First MI. Last") == [("María José T. García-López", "NAME")]


def test_missing_middle_initial_drops_it_instead_of_inventing_one():
    person = Person(first="Ann", last="Lee", middle="", sex="female")
    assert render_form(person, "First MI. Last", random.Random(0)) == [("Ann Lee", "NAME")]


def test_name_factory_is_seeded_by_the_callers_rng_only():
    factory = NameFactory()
    first = [factory.person(random.Random(42)) for _ in range(3)]
    again = [NameFactory().person(random.Random(42)) for _ in range(3)]
    assert first == again
    locales = {factory.locale(random.Random(i)) for i in range(300)}
    assert len(locales) >= 8  # many name origins, not just en_US
