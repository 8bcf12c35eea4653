from chartforge.ids import content_hash, note_id


def test_note_id_is_stable_and_depends_on_source_and_row():
    assert note_id("demo-ehr", "17") == note_id("demo-ehr", "17")
    assert note_id("demo-ehr", "17") != note_id("demo-ehr", "18")
    assert note_id("demo-ehr", "17") != note_id("other-ehr", "17")
    # The separator keeps ("a", "bc") and ("ab", "c") apart.
    assert note_id("a", "bc") != note_id("ab", "c")
    assert len(note_id("x", "y")) == 16


def test_content_hash_is_sha256_hex():
    assert len(content_hash("text")) == 64
