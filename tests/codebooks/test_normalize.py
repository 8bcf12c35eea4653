from codebooks.normalize import category_hit, code_hit, dotless, dotted


def test_dotted_and_dotless_spellings():
    assert dotted("e1122") == "E11.22"
    assert dotted(" E11.22 ") == "E11.22"
    assert dotted("I10") == "I10"
    assert dotted("s6082-") == "S60.82-"
    assert dotted("E08-E13") == "E08-E13"
    assert dotless("w19.xxxa") == "W19XXXA"


def test_stem_gold_is_hit_by_any_code_under_it():
    assert code_hit("S60.821A", "S60.82-")
    assert code_hit("S60.82", "S60.82-")
    assert not code_hit("S60.92", "S60.82-")
    assert code_hit("e1122", "E11.22")
    assert not code_hit("E11.2", "E11.22")


def test_category_hit():
    assert category_hit("E11.9", "E11.22")
    assert not category_hit("E10.9", "E11.22")
