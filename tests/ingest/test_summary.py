"""ingest/summary.py"""

from rich.console import Console

from ingest.summary import FileSummary, IngestSummary, render_table


def test_totals_reconcile_and_render():
    summary = IngestSummary(files=[FileSummary("a.csv", "csv", "cp1252", True, read=5, written=3, duplicates=1, quarantined=1),
                                   FileSummary("b.json", "fhir_bundle", read=2, written=2)])
    summary.files[0].errors["E104"] += 1
    total = summary.total()
    assert (total["read"], total["written"], total["reconciled"], total["errors"]) == (7, 5, True, {"E104": 1})
    console = Console(width=200, record=True)
    console.print(render_table(summary))
    text = console.export_text()
    assert "cp1252 (detected)" in text and "total" in text


def test_a_count_that_does_not_add_up_is_flagged():
    broken = FileSummary("a.csv", read=3, written=1)
    assert not broken.reconciled and not IngestSummary(files=[broken]).total()["reconciled"]
