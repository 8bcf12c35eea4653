"""The tables and lines `chartforge synth eval` prints (synth/eval_display.py)."""

from chartforge.console import make_console
from synth.eval_display import _beside_reference


def test_missing_reference_line_names_the_setting_with_its_brackets():
    # rich reads "[synth.eval]" as a style tag and printed "(no  reference_notes missing)";
    # `chartforge synth eval` prints on the project's console, which reads no markup
    console = make_console(record=True, width=200)
    _beside_reference(console, {"title_share": {}}, None)
    assert "real reference notes: none (no [synth.eval] reference_notes missing)" in console.export_text()
