from codebooks.path_prior import PathPrior


def test_neighbourhood_of_the_longest_shared_prefix():
    prior = PathPrior(
        ["Diabetes, diabetic, with, nephropathy", "Diabetes, diabetic, with, gangrene",
         "Diabetes, diabetic, type 1, with, nephropathy", "Fracture, radius, lower end"],
        ["E11.21", "E11.52", "E10.21", "S52.50-"])
    categories, codes = prior.neighbourhood("Diabetes, diabetic, with, skin complication")
    assert categories == {"E11": 1.0} and set(codes) == {"E1121", "E1152"}
    categories, _ = prior.neighbourhood("diabetes, diabetic, unknown branch")  # falls back to a shorter prefix
    assert categories["E11"] > categories["E10"] > 0
    assert prior.neighbourhood("Fracture") == ({}, {})  # no proper prefix
    assert prior.neighbourhood("Headache, cluster") == ({}, {})
