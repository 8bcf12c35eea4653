"""ingest/readers/fhir_composition.py"""

from ingest.readers.fhir_composition import composition_text, narrative_text


def test_narrative_text_drops_tags_and_unescapes():
    div = '<div xmlns="http://www.w3.org/1999/xhtml">A &amp; B<br/>line &lt;2&gt;</div>'
    assert narrative_text(div) == "A & B\nline <2>"


def test_sections_concatenate_in_order_with_nested_ones():
    resource = {"section": [{"text": {"div": "<div>one </div>"}, "section": [{"text": {"div": "<div>two </div>"}}]},
                            {"text": {"div": "<div>three</div>"}}]}
    assert composition_text(resource) == "one two three"
    assert composition_text({"section": []}) is None
