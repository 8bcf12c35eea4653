"""`codebooks/index_import.py` and `chartforge codebooks import-index` on small generated files
of both layouts (the CDC XML and the flattened CSV), never the real index."""

import gzip
import json

import pytest
from click.testing import CliRunner

from chartforge.errors import ChartforgeError
from chartforge.cli.codebooks import codebooks
from codebooks.corpus import read_index_terms
from codebooks.index_import import import_index, term_id, write_terms

XML = """<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.index>
  <version>2099</version>
  <title>ICD-10-CM INDEX TO DISEASES and INJURIES</title>
  <letter>
    <title>A</title>
    <mainTerm>
      <title>Appendicitis<nemod>(pneumococcal) (retrocecal)</nemod></title>
      <code>K37</code>
      <term level="1">
        <title>acute</title>
        <code>K35.80</code>
        <term level="2">
          <title>with</title>
          <term level="3">
            <title>perforation<nemod>(free)</nemod> NEC</title>
            <code>K35.32</code>
          </term>
        </term>
      </term>
      <term level="1">
        <title>chronic<nemod>(recurrent)</nemod></title>
        <see>Appendicitis, acute</see>
      </term>
    </mainTerm>
    <mainTerm>
      <title>Attack</title>
      <term level="1">
        <title>heart</title>
        <code>I21.9</code>
      </term>
      <term level="1">
        <title>heart</title>
        <code>I21.9</code>
      </term>
      <term level="1">
        <title>drop</title>
        <code>R55</code>
      </term>
      <term level="1">
        <title>drop</title>
        <code>R56.9</code>
      </term>
      <term level="1">
        <title>imaginary</title>
        <code>Q99.999</code>
      </term>
      <term level="1">
        <title>lightning</title>
        <subcat>T75.0</subcat>
      </term>
    </mainTerm>
  </letter>
</ICD10CM.index>
"""

# The flattened layout: extra columns in any order are ignored, the header's case does not matter.
CSV = """RowID,Letter,Level,Term,See,SeeAlso,NonEssModif,Code
1,A,0,Appendicitis,,,(pneumococcal) (retrocecal),K37
2,A,1,acute,,,,K35.80
3,A,2,with,,,,
4,A,3,perforation NEC,,,(free),K35.32
5,A,1,chronic,"Appendicitis, acute",,(recurrent),
6,A,0,Attack,,,,
7,A,1,heart,,,,I21.9
8,A,1,heart,,,,I21.9
9,A,1,drop,,,,R55
10,A,1,drop,,,,R56.9
11,A,1,imaginary,,,,Q99.999
12,A,3,orphan,,,,K37
13,A,1,,,,,K35.80
"""

EXPECTED = [("Appendicitis", "K37"), ("Appendicitis, acute", "K35.80"),
            ("Appendicitis, acute, with, perforation NEC", "K35.32"), ("Attack, heart", "I21.9")]


@pytest.fixture()
def xml_file(tmp_path):
    path = tmp_path / "icd10cm-index-2099.xml"
    path.write_text(XML, encoding="utf-8")
    return path


@pytest.fixture()
def csv_file(tmp_path):
    path = tmp_path / "index.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_xml_paths_codes_and_accounting(xml_file, icd):
    result = import_index(xml_file, icd)
    pairs = [(t["query"], t["code"]) for t in result.terms]
    # nemod modifiers are left out, the words after them kept; a <subcat> is a stem with "-"
    assert pairs == EXPECTED + [("Attack, lightning", "T75.0-")]
    assert [t["id"] for t in result.terms] == [term_id(q) for q, _ in pairs]
    assert result.counts() == {"rows": 12, "written": 5, "cross_references": 3, "quarantined": 1,
                               "duplicates": 1, "ambiguous_rows": 2}
    assert result.ambiguous_queries == 1 and result.reconciles()
    assert result.quarantined[0][1].startswith("code 'Q99.999' is not in ICD-10-CM")


def test_csv_layout_reads_the_same_entries(csv_file, icd):
    result = import_index(csv_file, icd)
    assert [(t["query"], t["code"]) for t in result.terms] == EXPECTED
    reasons = dict(result.quarantined)
    assert set(reasons) == {12, 13, 14}  # CSV line numbers (the header is line 1)
    assert reasons[12].startswith("code 'Q99.999'")
    assert "no parent entry" in reasons[13] and reasons[14] == "empty term"
    assert result.reconciles() and result.counts()["rows"] == 13


def test_csv_without_required_columns_is_an_input_error(tmp_path, icd):
    path = tmp_path / "bad.csv"
    path.write_text("Term,Code\nAbasia,F44.4\n")
    with pytest.raises(ChartforgeError) as err:
        import_index(path, icd)
    assert err.value.code == "E401" and "level" in str(err.value) and "row 1" in str(err.value)


def test_broken_xml_names_the_line(tmp_path, icd):
    path = tmp_path / "broken.xml"
    path.write_text("<ICD10CM.index>\n<letter>\n<mainTerm><title>X</title>\n</letter>")
    with pytest.raises(ChartforgeError) as err:
        import_index(path, icd)
    assert "broken.xml row 4" in str(err.value)


def test_written_gz_reads_back_and_is_byte_stable(tmp_path, xml_file, icd):
    terms = import_index(xml_file, icd).terms
    first, second = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    write_terms(first, terms)
    write_terms(second, terms)
    assert first.read_bytes() == second.read_bytes()
    assert [(t.id, t.query, t.code) for t in read_index_terms(first)] == [(t["id"], t["query"], t["code"]) for t in terms]


def test_cli_import_writes_terms_and_says_how_to_use_them(tmp_path, csv_file):
    out = tmp_path / "terms.jsonl"
    result = CliRunner().invoke(codebooks, ["import-index", str(csv_file), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "quarantined" in result.output and "row 13" in result.output
    assert "[codebooks] index_terms" in " ".join(result.output.split())  # the setting, not markup
    assert [json.loads(line)["query"] for line in out.read_text().splitlines()] == [q for q, _ in EXPECTED]


def test_cli_import_of_nothing_usable_is_an_input_error(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("Term,Level,Code,See\nAbandonment,0,,Maltreatment\n")
    result = CliRunner().invoke(codebooks, ["import-index", str(path), "--output", str(tmp_path / "x.jsonl.gz")])
    assert result.exit_code == 3
    assert not (tmp_path / "x.jsonl.gz").exists()
