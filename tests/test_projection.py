"""Projection (docs/projection.md): opt-in, only where no value was entered, labelled projected at every door."""

import json

import pytest

from openfisca_amsterdam import NotCoveredError
from openfisca_amsterdam.cli import main
from openfisca_amsterdam.projection import ProjectionError, projected_system
from openfisca_amsterdam.situation import calculate, default_system

SINGLE = {
    "personen": {"sanne": {"geboortedatum": "1990-05-12", "netto_inkomen": {"2027-03": 400}}},
    "gezinnen": {"gezin": {"volwassenen": ["sanne"]}},
    "huishoudens": {"woning": {"bewoners": ["sanne"]}},
}
#: The last verified single norm: 1,419.46 from 1 July 2026 (Pw art. 21 onder a). Carried forward unchanged, or
#: indexed at 3% a year for the 184 days from 2026-07-01 to 2027-01-01: 1,419.46 x 1.03^(184 / 365.25) = 1,440.75.
LAST_NORM, INDEXED_NORM = 1419.46, 1440.75


def test_without_projection_2027_stays_not_covered():
    with pytest.raises(NotCoveredError):
        calculate(SINGLE, "bijstandsnorm", "2027-03")


def test_the_python_api_projects_only_on_request():
    projected = projected_system(default_system(), "2027-12-31")
    assert calculate(SINGLE, "bijstandsnorm", "2027-03", system=projected)["gezin"] == pytest.approx(LAST_NORM)
    indexed = projected_system(default_system(), "2027-12-31", index=0.03)
    assert calculate(SINGLE, "bijstandsnorm", "2027-03", system=indexed)["gezin"] == pytest.approx(INDEXED_NORM)
    assert "participatiewet.normen.alleenstaande" in indexed.projected
    # entered values are never replaced: March 2026 is the law's 1,401.50 in every system
    assert calculate(SINGLE, "bijstandsnorm", "2026-03", system=indexed)["gezin"] == pytest.approx(1401.50)
    # and after the projection's end nothing is known
    with pytest.raises(NotCoveredError):
        calculate(SINGLE, "bijstandsnorm", "2028-01", system=indexed)


def test_household_marks_every_projected_value(tmp_path, capsys):
    path = tmp_path / "single.json"
    path.write_text(json.dumps(SINGLE))
    assert main(["household", str(path), "--period", "2027-03"]) == 0
    assert "not covered" in capsys.readouterr().out
    assert main(["household", str(path), "--period", "2027-03", "--projected", "--index", "0.03", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["gezinnen"]["gezin"]["bijstandsnorm"] == pytest.approx(INDEXED_NORM)
    assert "gezinnen.gezin.bijstandsnorm" in result["projected"]["values"]
    assert "NOT LAW" in result["projected"]["rule"]
    assert main(["household", str(path), "--period", "2027-03", "--projected"]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if "bijstandsnorm" in line)
    assert "1,419.46" in line and "PROJECTED" in line


@pytest.mark.parametrize(
    "flags, field",
    [
        (["--projected", "2027-31-12"], "--projected"),
        (["--projected", "2040-01-01"], "--projected"),
        (["--projected", "--index", "5"], "--index"),
    ],
)
def test_bad_projection_flags_exit_2(flags, field, tmp_path, capsys):
    path = tmp_path / "single.json"
    path.write_text(json.dumps(SINGLE))
    assert main(["household", str(path), "--period", "2027-03", *flags]) == 2
    assert field in capsys.readouterr().err


def test_a_projected_population_run_says_so_in_every_row(tmp_path, capsys):
    run = [
        "simulate",
        "--year",
        "2027",
        "--households",
        "600",
        "--no-intervals",
        "--quiet",
        "--out",
        str(tmp_path / "out"),
    ]
    assert main(run) == 2  # 2027 is not covered without a projection
    capsys.readouterr()
    assert main([*run, "--projected"]) == 0
    captured = capsys.readouterr()
    assert "PROJECTED, not law" in captured.err
    import pandas

    table = pandas.read_csv(tmp_path / "out" / "non_take_up.csv")
    assert table["status"].str.startswith("PROJECTED (not law)").all()
    assert "PROJECTED" in (tmp_path / "out" / "report.html").read_text()


def test_projection_errors_name_the_flag():
    with pytest.raises(ProjectionError) as error:
        projected_system(default_system(), "morgen")
    assert error.value.field == "--projected"
