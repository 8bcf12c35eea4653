from chartforge.ids import content_hash, note_id


def test_note_id_is_stable_and_depends_on_source_and_row():
    assert note_id("demo-ehr", "17") == note_id("demo-ehr", "17")
    assert note_id("demo-ehr", "17") != note_id("demo-ehr", "18")
    assert note_id("demo-ehr", "17") != note_id("other-ehr", "17")
    # The separator keeps ("a", "bc") and ("ab", "c") apart.
    assert note_id("a", "bc") != note_id("ab", "c")
    # docs/contracts.md §2: the first 16 hex of sha256(source + "\x1f" + source_row_id)
    # (values from `printf 'x\x1fy' | sha256sum`, not from the code under test)
    assert note_id("x", "y") == "adbbc83fffe5c8ca"
    assert note_id("demo-ehr", "17") == "7af23eb10a88c37b"


def test_content_hash_is_sha256_hex():
    # sha256("text"), a published value: the hash of the text, hex, nothing added
    assert content_hash("text") == "982d9e3eb996f559e633f4d194def3761d909f5a3b647d1a851fead67c32c9d1"
