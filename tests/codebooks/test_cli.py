from click.testing import CliRunner

from chartforge.cli.codebooks import codebooks


def run(*args):
    return CliRunner().invoke(codebooks, list(args))


def test_lookup_exit_codes():
    ok = run("lookup", "e11.22", "99213")
    assert ok.exit_code == 0, ok.output
    assert "E11.22" in ok.output and "4 > E08-E13 > E11" in ok.output
    assert run("lookup", "NOPE1").exit_code == 1


def test_titles_keep_their_bracketed_words():
    """ICD-10-CM titles hold brackets ("Giardiasis [lambliasis]"); rich once read them as markup."""
    shown = run("lookup", "A07.1", "A60")
    assert shown.exit_code == 0, shown.output
    assert "[lambliasis]" in shown.output and "[herpes simplex]" in shown.output
    assert "[lambliasis]" in run("validate", "A07.1").output


def test_validate_reports_excludes1_and_bundling():
    result = run("validate", "E11.9", "E10.9", "47563", "74300", "--date", "2026-01-15")
    assert result.exit_code == 1
    assert "Excludes1" in result.output and "bundled" in result.output
    clean = run("validate", "E11.22", "N18.30", "99213")
    assert clean.exit_code == 0, clean.output


def test_validate_needs_codes():
    assert run("validate").exit_code == 2
