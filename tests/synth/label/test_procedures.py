from synth.label.procedures import ProcedureMatcher

CATALOG = {"47562": {"long": "Laparoscopic removal of the gallbladder (demo wording)", "short": "Lap cholecystectomy"},
           "47563": {"long": "Laparoscopic removal of the gallbladder with cholangiography during the operation (demo wording)",
                     "short": "Lap cholecystectomy with cholangiogram"}}


def test_lines_match_the_closest_catalog_entry():
    matcher = ProcedureMatcher(CATALOG)
    assert matcher.match("Laparoscopic removal of the gallbladder").code == "47562"
    assert matcher.match("lap cholecystectomy with cholangiogram").code == "47563"
    assert matcher.match("The patient tolerated the procedure well.") is None
