import pytest

from chartforge.errors import ChartforgeError
from codebooks.procedures import (DEMO_CATALOG, load_catalog, load_configured_catalog, load_csv_catalog,
                                  load_hcpcs_csv, load_hcpcs_fixed)


def test_demo_catalog_is_marked_and_has_the_demo_ehr_codes():
    catalog = load_configured_catalog()
    assert catalog.demo and catalog.version.startswith("DEMO-")
    for code in ("99213", "99214", "99223", "71046", "74177", "47562", "47563", "74300", "93000",
                 "36415", "80053", "85025", "45378", "43239", "27447", "33533", "92928"):
        assert catalog.is_valid(code), code
    assert all("demo wording" in entry.description for entry in catalog)
    assert catalog.get("47563").short_description


def test_generic_csv_with_aliased_header(tmp_path):
    path = tmp_path / "cat.csv"
    path.write_text("CPT Code,Short Description,Long Description\n10001,Thing,A longer thing\n\nA0021,Ride,Ambulance ride\n")
    catalog = load_csv_catalog(path)
    assert len(catalog) == 2 and catalog.description("a0021") == "Ambulance ride"
    assert not catalog.demo


def test_malformed_rows_fail_with_file_and_row_number(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("code,short,long\n10001,Ok,Fine\n1234,Bad,Four digits\n")
    with pytest.raises(ChartforgeError) as error:
        load_csv_catalog(path)
    assert error.value.code == "E401"
    assert "bad.csv row 3" in str(error.value)


def test_lenient_mode_quarantines_every_bad_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("code,short,long\n10001,Ok,Fine\n1234,Bad,x\n10001,Dup,Dup\n10002,,\n10003,Short only\n10004,S,L\n")
    catalog = load_csv_catalog(path, strict=False)
    assert sorted(catalog._entries) == ["10001", "10004"]
    assert [(r.row, r.reason.split()[0]) for r in catalog.rejected] == [
        (3, "code"), (4, "duplicate"), (5, "no"), (6, "expected")]
    # nothing silently lost: every data row is either loaded or quarantined
    assert len(catalog) + len(catalog.rejected) == 6


def test_missing_header_column_is_an_error(tmp_path):
    path = tmp_path / "nohead.csv"
    path.write_text("code,text\n10001,x\n")
    with pytest.raises(ChartforgeError, match="row 1"):
        load_csv_catalog(path)


def _fixed(code, seq, recid, long, short=""):
    return f"{code:<5}{seq:05d}{recid}{long:<80}{short:<28}" + " " * 40 + "\n"


def test_hcpcs_fixed_width_joins_continuation_lines_and_skips_modifiers(tmp_path):
    path = tmp_path / "HCPC2026_JAN_ANWEB.txt"
    path.write_text(_fixed("A0021", 100, "3", "Ambulance service, outside state per mile,", "Outside state ambulance serv")
                    + _fixed("A0021", 200, "4", "transport (Medicaid only)")
                    + _fixed("   AA", 100, "7", "Anesthesia services performed personally", "Anes perf personally")
                    + _fixed("G0008", 100, "3", "Administration of influenza virus vaccine", "Admin influenza virus vac"))
    catalog = load_hcpcs_fixed(path)
    assert sorted(e.code for e in catalog) == ["A0021", "G0008"]
    assert catalog.description("A0021").endswith("per mile, transport (Medicaid only)")
    assert catalog.get("A0021").short_description == "Outside state ambulance serv"
    assert load_catalog(path).version.startswith("hcpcs:")


def test_hcpcs_fixed_width_bad_record_id_names_the_row(tmp_path):
    path = tmp_path / "HCPC.txt"
    path.write_text(_fixed("A0021", 100, "3", "Ambulance") + _fixed("A0021", 200, "X", "oops"))
    with pytest.raises(ChartforgeError, match="HCPC.txt row 2"):
        load_hcpcs_fixed(path)


def test_hcpcs_csv_export(tmp_path):
    path = tmp_path / "hcpcs.csv"
    path.write_text("HCPC,SEQNUM,RECID,LONG DESCRIPTION,SHORT DESCRIPTION\n"
                    "J1100,00100,3,\"Injection, dexamethasone sodium\",Dexamethasone sodium phos\n"
                    "J1100,00200,4,\"phosphate, 1 mg\",\n")
    catalog = load_catalog(path)  # a CSV with HCPC/RECID columns is read as the HCPCS layout
    assert catalog.description("J1100") == "Injection, dexamethasone sodium phosphate, 1 mg"
    assert load_hcpcs_csv(path).version == catalog.version
