"""tests/phi_scan.py, the planted-PHI scanner the leak tests rely on: hits must be real."""

from tests.phi_scan import PhiScanner


def test_whole_tokens_are_found_and_fragments_are_not():
    scanner = PhiScanner(["582875", "Maria Lopez", "45154"])
    assert scanner.find(b'{"msg": "patient Maria Lopez, MRN 582875"}') == ["582875", "Maria Lopez"]
    assert scanner.find("zip=45154;") == ["45154"]
    assert scanner.find(b"ts 2026-12-07 13:05:12.582875+00, 0.45154, 4515412, MariaLopez") == []


def test_scan_names_the_blob_and_value():
    scanner = PhiScanner(["Maria Lopez"])
    assert scanner.scan({"a.log": b"seen Maria Lopez", "b.log": b"nothing"}) == [("a.log", "Maria Lopez")]
