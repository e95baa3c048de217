"""household --explain: the computation tree with the article of each rule and the parameter values it read."""

from openfisca_amsterdam.cli import main

EXAMPLE = "docs/examples/paar_met_kostendeler.json"


def test_explain_prints_articles_and_parameter_values(capsys):
    assert main(["household", EXAMPLE, "--period", "2025-03", "--explain", "huurtoeslag"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("huurtoeslag[2025-03] = ")
    # the rules it applied, each with its article, and the values the law gave them on that date
    assert any(line.strip().startswith("rekenhuur[2025-03] = 850.00") and "(art. 5 Wht)" in line for line in lines)
    assert any("parameter huurtoeslag.maximale_huurgrens[2025-03-01] = 900.07" in line for line in lines)
    assert any("huurtoeslag_huishoudtype[2025-03] = meerpersoons" in line for line in lines)  # an Enum by its name
    assert sum("(art." in line for line in lines) >= 5


def test_explain_depth_and_other_years(capsys):
    assert main(["household", EXAMPLE, "--period", "2024-03", "--explain", "bijstand", "--depth", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("bijstand[2024-03] = ") and all(not line.startswith("    ") for line in lines)


def test_explain_an_unknown_variable_names_the_flag(capsys):
    assert main(["household", EXAMPLE, "--period", "2025-03", "--explain", "bestaat_niet"]) == 2
    assert "--explain" in capsys.readouterr().err
