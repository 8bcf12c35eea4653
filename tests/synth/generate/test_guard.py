"""The filler guard: bank text never names a condition the note did not mean to write."""

from synth.generate.guard import FillerGuard
from synth.label import context


def test_clean_rejects_filler_the_index_reads_as_a_code(full_index):
    guard = FillerGuard(full_index)
    assert guard.clean("Retired machinist; walks daily.")
    assert not guard.clean("Never smoker.")  # reads as nicotine dependence: redrawn, never written
    assert not guard.clean("Trace pitting edema to the ankles.")


def test_only_negated_allows_denied_symptoms_outside_the_notes_categories(full_index):
    guard = FillerGuard(full_index)
    assert guard.only_negated("Respiratory: denies cough or wheezing.", taken=set())
    assert not guard.only_negated("Respiratory: cough and wheezing.", taken=set())
    # a note that codes fever (R50) never says "denies fever"
    assert not guard.only_negated("Constitutional: denies fever.", taken={"R50"})


def test_frames_are_checked_for_the_status_they_mean(full_index):
    guard = FillerGuard(full_index)
    assert guard.affirmed_as("68-year-old man followed for hypertension.", {"I10"})
    assert not guard.affirmed_as("No hypertension.", {"I10"})
    assert guard.reads_as("Pneumonia was ruled out.", context.NEGATED)
    assert guard.reads_as("Possible pneumonia, workup pending.", context.UNCERTAIN)
    assert not guard.reads_as("Pneumonia was considered, which was ruled out.", context.NEGATED)  # "which" ends the cue


def test_draw_falls_back_when_every_draw_fails(full_index):
    guard = FillerGuard(full_index)
    assert guard.draw(lambda: "Never smoker.", fallback="Lives alone.") == "Lives alone."


def test_filler_is_read_with_abbreviations_expanded_as_the_labeller_reads_it(full_index):
    guard = FillerGuard(full_index)
    assert "shortness of breath" in guard.readable("Resp: c/o SOB on exertion.").lower()
    # the letters read no code; their expansion does: terse filler must not slip past the guard
    assert not any(full_index.find(["sob"]))
    assert not guard.clean("Resp: c/o SOB on exertion.")
    assert guard.clean("Resp: on RA, resp even and unlabored.")
    assert guard.reads_as("Denies SOB.", context.NEGATED)
