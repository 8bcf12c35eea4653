from deid.spans import Span
from deid.surrogates.context import SurrogateContext
from deid.surrogates.replace import deidentify_text, merge_overlaps, offset_mapper

TEXT = "Pt John Smith seen 03/04/2021 by Dr. Smith. Call 617-555-0123."
SPANS = [Span(3, 13, "NAME"), Span(19, 29, "DATE"), Span(37, 42, "NAME"), Span(38, 42, "NAME"),
         Span(49, 61, "PHONE")]


def test_surrogate_positions_point_at_inserted_values():
    ctx = SurrogateContext(key=b"k1", patient_id="p1")
    new, inserted = deidentify_text(TEXT, SPANS, ctx)
    assert "John" not in new and "Smith" not in new and "617-555-0123" not in new
    assert [i.label for i in inserted] == ["NAME", "DATE", "NAME", "PHONE"]
    last = new[inserted[0].start:inserted[0].end].split()[1]
    assert new[inserted[2].start:inserted[2].end] == last  # "Smith" alone -> the same surname
    assert new.startswith("Pt ") and new.endswith(".") and " by Dr. " in new


def test_mask_mode_and_offset_mapping():
    ctx = SurrogateContext(key=b"k1", patient_id="p1")
    new, inserted = deidentify_text(TEXT, SPANS, ctx, mode="mask")
    assert new == "Pt [NAME] seen [DATE] by Dr. [NAME]. Call [PHONE]."
    mapped = offset_mapper(inserted)
    assert new[mapped(30):mapped(30) + 2] == "by" and mapped(0) == 0 and mapped(5) == 3


def test_overlaps_merge_to_the_union():
    merged = merge_overlaps([Span(0, 5, "NAME"), Span(3, 10, "LOCATION"), Span(12, 14, "DATE")])
    assert [(s.start, s.end, s.label) for s in merged] == [(0, 10, "LOCATION"), (12, 14, "DATE")]


def test_edges_a_detector_took_in_are_kept():
    ctx = SurrogateContext(key=b"k1", patient_id="p1")
    new, inserted = deidentify_text("lives in Dayton. Next", [Span(9, 16, "LOCATION")], ctx)
    assert new.endswith(". Next") and "Dayton" not in new
