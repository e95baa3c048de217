"""Amsterdam children's, care and youth schemes: periods and categories without a sourced value raise
NotCoveredError."""

import pytest
from openfisca_core.reforms import Reform

from openfisca_amsterdam import NotCoveredError
from openfisca_amsterdam.situation import calculate, default_system


def gezin(income_year, income, children=(), adults=("1985-01-01",), **person):
    """One Amsterdam gezin: adults (the first one with the income) and children {name: (birth, schooltype or None)}."""
    personen = {
        f"v{i}": {"geboortedatum": birth, "toetsingsinkomen": {str(income_year): income if i == 0 else 0}, **person}
        for i, birth in enumerate(adults)
    }
    for name, (birth, soort) in dict(children).items():
        personen[name] = {"geboortedatum": birth, "toetsingsinkomen": {str(income_year): 0}}
        if soort:
            personen[name]["schooltype"] = {str(income_year + 1): soort}
    volwassenen = [p for p in personen if p.startswith("v")]
    kinderen = [p for p in personen if not p.startswith("v")]
    return {
        "personen": personen,
        "gezinnen": {"g": {"volwassenen": volwassenen, "kinderen": kinderen}},
        "huishoudens": {"h": {"bewoners": list(personen)}},
    }


def test_kindtegoed_band_without_amount_is_not_covered():
    # 2024/25: a child of 10 on 1 August 2024 (band 10-11, amount not found).
    with pytest.raises(NotCoveredError) as info:
        calculate(gezin(2023, 20000, {"k": ("2014-01-01", None)}), "stadspas_kindtegoed", "2024-01")
    assert info.value.parameter == "gemeenten.amsterdam.kindtegoed.leeftijd_10_11"


def test_kindtegoed_only_the_missing_band_blocks():
    # The same year computes for a child of 5 (4-9: EUR 241).
    assert calculate(gezin(2023, 20000, {"k": ("2019-01-01", None)}), "stadspas_kindtegoed", "2024-01") == {
        "g": pytest.approx(241)
    }


def test_kindtegoed_after_last_verified_school_year():
    with pytest.raises(NotCoveredError) as info:
        calculate(gezin(2024, 20000, {"k": ("2023-01-01", None)}), "stadspas_kindtegoed", "2025-01")
    assert info.value.parameter == "gemeenten.amsterdam.kindtegoed.leeftijd_0_3"
    assert info.value.last_covered == "2024-12-31"


def test_kindtegoed_voorschool_2024_not_found():
    with pytest.raises(NotCoveredError) as info:
        calculate(gezin(2023, 20000, {"k": ("2021-06-01", "voorschool")}), "stadspas_kindtegoed", "2024-01")
    assert info.value.parameter == "gemeenten.amsterdam.kindtegoed.voorschool"


def test_scholierenvergoeding_amount_not_found():
    with pytest.raises(NotCoveredError) as info:
        calculate(gezin(2023, 20000, {"k": ("2015-01-01", "basisschool")}), "scholierenvergoeding", "2024-01")
    assert info.value.parameter == "gemeenten.amsterdam.scholierenvergoeding.basisschool"


def test_collectieve_zorgverzekering_contribution_after_2022_not_covered():
    with pytest.raises(NotCoveredError) as info:
        calculate(gezin(2023, 15000), "collectieve_zorgverzekering_bijdrage", "2024-03")
    assert info.value.parameter == "gemeenten.amsterdam.collectieve_zorgverzekering.bijdrage_per_verzekerde"
    assert info.value.last_covered == "2022-12-31"


class limits_income_year_2021(Reform):
    """Test-only reform: hypothetical income-year-2021 limits (not sourced), to reach the 2022 contribution."""

    def apply(self):
        def modify(parameters):
            grens = parameters.gemeenten.amsterdam.minima.inkomensgrens
            for soort, value in (("alleenstaande", 20000), ("alleenstaande_ouder", 25000), ("gehuwden", 28000)):
                grens.children[soort].update(period="2021", value=value)
            # the percentage those (hypothetical) limits stand for: 120% in the 2022 scheme year
            parameters.gemeenten.amsterdam.minima.inkomensgrens_percentage.update(period="2021", value=1.2)
            return parameters

        self.modify_parameters(modifier_function=modify)


def test_collectieve_zorgverzekering_contribution_2022_per_adult():
    # 2022: EUR 13.87 per adult (gezondverzekerd.nl); a couple under the (test) limit gets 2 x 13.87 = 27.74 a month.
    system = limits_income_year_2021(default_system())
    couple = gezin(2021, 10000, adults=("1985-01-01", "1985-01-01"))
    assert calculate(couple, "collectieve_zorgverzekering_bijdrage", "2022-03", system=system) == {
        "g": pytest.approx(27.74)
    }
    assert calculate(couple, "collectieve_zorgverzekering_per_jaar", "2022-03", system=system) == {
        "g": pytest.approx(12 * 27.74)
    }


def test_tegemoetkoming_meerkosten_after_2023_not_covered():
    with pytest.raises(NotCoveredError) as info:
        calculate(gezin(2023, 15000, chronisch_ziek_of_beperkt={"2024": True}), "tegemoetkoming_meerkosten", "2024-01")
    assert info.value.parameter.startswith("gemeenten.amsterdam.tegemoetkoming_meerkosten.")
    assert info.value.last_covered == "2023-12-31"


def test_jongerentoeslag_unverified_share_is_not_covered():
    # 19, no income (bijstand), cannot rely on the parents: eligible, but art. 8's share is unverified.
    situation = gezin(2023, 0, adults=("2005-01-01",), kan_niet_op_ouders_terugvallen={"2024-03": True})
    with pytest.raises(NotCoveredError) as info:
        calculate(situation, "jongerentoeslag", "2024-03")
    assert info.value.parameter == "gemeenten.amsterdam.jongerentoeslag.alleenstaande_19_20"


def test_gratis_ov_after_last_checked_year():
    with pytest.raises(NotCoveredError):
        calculate(gezin(2025, 15000, adults=("1950-01-01",)), "gratis_ov_aow", "2026-03")
