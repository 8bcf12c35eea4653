"""chartforge/console.py: a console prints brackets in data as written; styles come from Text."""

from __future__ import annotations

from chartforge.console import line, make_console, styled
from rich.table import Table


def _printed(*renderables, **options) -> str:
    console = make_console(width=200, **options)
    with console.capture() as capture:
        for renderable in renderables:
            console.print(renderable)
    return capture.get()


def test_brackets_in_strings_cells_and_titles_print_as_written():
    table = Table(title="Giardiasis [lambliasis]", min_width=60)
    table.add_column("[deid] profile")
    table.add_row("[red]x[/red] [bmi]")
    out = _printed("use them: [codebooks] index_terms = 'x'", table)
    for text in ("[codebooks] index_terms", "Giardiasis [lambliasis]", "[deid] profile", "[red]x[/red] [bmi]"):
        assert text in out


def test_line_styles_its_pairs_and_keeps_the_rest_plain():
    text = line(("error:", "red"), " [synth.eval] reference_notes missing ", styled("ok", "green"))
    assert text.plain == "error: [synth.eval] reference_notes missing ok"
    assert [(text.plain[s.start:s.end], str(s.style)) for s in text.spans] == [("error:", "red"), ("ok", "green")]
    assert "[synth.eval] reference_notes" in _printed(text)


def test_options_pass_on():
    assert make_console(stderr=True).stderr and make_console(width=33).width == 33
