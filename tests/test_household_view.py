"""The household view: disposable income and its components per gezin, who pays and where to apply, not-covered
values as notes, a reform beside the baseline; at most 100 characters wide; the same numbers as --json."""

import json

import pytest

from openfisca_amsterdam.cli import main

SINGLE_PARENT = "docs/examples/alleenstaande_ouder_twee_tieners.yaml"
KOSTENDELER = "docs/examples/paar_met_kostendeler.json"


def _line(out: str, label: str) -> str:
    return next(line for line in out.splitlines() if line.strip().startswith(label))


def test_disposable_income_is_the_sum_of_its_components_and_names_who_pays(capsys):
    assert main(["household", SINGLE_PARENT, "--period", "2025-03"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 100
    # hand sum: net 0 + bijstand 1,345.45 + zorgtoeslag 131 + KGB 837 + kinderbijslag 272.81 + huurtoeslag 346
    assert "2,932.26" in _line(out, "Besteedbaar inkomen")
    assert _line(out, "Zorgtoeslag").endswith("Toeslagen")
    assert _line(out, "Kinderbijslag").endswith("SVB")
    assert _line(out, "Algemene bijstand").endswith("gemeente")
    assert "Dienst Toeslagen: aanvraag via Mijn toeslagen" in out
    assert "not covered [1]" in out and "  [1] parameter gemeenten.amsterdam" in out
    assert "AIO" in out and not _line(out, "AIO").endswith("SVB")  # not entitled: no body to go to


def test_a_reform_beside_the_baseline_in_another_year(capsys):
    assert main(["household", KOSTENDELER, "--period", "2024-03", "--reform", "zonder_kostendelersnorm"]) == 0
    out = capsys.readouterr().out
    assert "Reform zonder_kostendelersnorm beside the baseline" in out
    assert max(len(line) for line in out.splitlines()) <= 100
    assert main(["household", KOSTENDELER, "--period", "2024-03", "--reform", "zonder_kostendelersnorm", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    before = result["gezinnen"]["ouders"]["bijstand"]
    after = result["reform"]["gezinnen"]["ouders"]["bijstand"]
    assert after > before  # the kostendelersnorm no longer lowers the couple's norm
    change = _line(out, "Algemene bijstand").split()[4]
    assert float(change.replace(",", "")) == pytest.approx(after - before, abs=0.005)


def test_an_unknown_reform_is_refused_naming_it(capsys):
    assert main(["household", KOSTENDELER, "--period", "2025-03", "--reform", "bestaat_niet"]) == 2
    assert "bestaat_niet" in capsys.readouterr().err


def test_a_scheme_not_received_says_which_condition_failed(tmp_path, capsys):
    # a single of 35 with a wage of 900 a month, assets of 50,000 (above the bijstand limit) and a rent of 1,400
    # (above the huurtoeslag rent limit): bijstand 0 because of art. 34 Pw, huurtoeslag 0 because of its conditions
    situation = {
        "personen": {"p": {"geboortedatum": {"ETERNITY": "1990-05-12"}, "bruto_loon": {"2024-03": 900}}},
        "gezinnen": {"g": {"volwassenen": ["p"], "bijstand_vermogen": {"2024-03": 50000}}},
        "huishoudens": {"h": {"bewoners": ["p"], "kale_huur": {"2024-03": 1400}}},
    }
    path = tmp_path / "rijk.json"
    path.write_text(json.dumps(situation))
    assert main(["household", str(path), "--period", "2024-03"]) == 0
    out = capsys.readouterr().out.splitlines()
    bijstand = out.index(next(line for line in out if line.strip().startswith("Algemene bijstand")))
    assert "why not:" in out[bijstand + 1] and "art. 34" in out[bijstand + 1]
    huurtoeslag = out.index(next(line for line in out if line.strip().startswith("Huurtoeslag")))
    assert "why not:" in out[huurtoeslag + 1] and "voorwaarden voor huurtoeslag" in out[huurtoeslag + 1]
    # and which condition: the rent above the maximale huurgrens of 2024 (879.66, parameters/huurtoeslag)
    assert any("why not: rekenhuur 1,400.00 > huurtoeslag.maximale_huurgrens 879.66" in line for line in out)
    assert max(len(line) for line in out) <= 100
