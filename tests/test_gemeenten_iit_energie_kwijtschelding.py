"""IIT, energietoeslag and kwijtschelding: the NotCoveredError cases, and the arithmetic under test-only reforms.

The reforms below supply values that were NOT found in any source (the 1 January 2020 IOAW norm, Amsterdam's
kwijtschelding percentages, the afvalstoffenheffing tariff is given as an input). They are test fixtures to exercise the
formulas, not law.
"""

import pytest
from openfisca_core.reforms import Reform

from openfisca_amsterdam import NotCoveredError
from openfisca_amsterdam.situation import calculate, default_system


def _single(inkomens, **gezin):
    return {
        "personen": {"p": {"geboortedatum": "1980-01-01", "toetsingsinkomen": inkomens}},
        "gezinnen": {"g": {"volwassenen": ["p"], **gezin}},
        "huishoudens": {"h": {"bewoners": ["p"]}},
    }


def _reformed(modify):
    class test_values(Reform):
        def apply(self):
            self.modify_parameters(modifier_function=modify)

    return test_values(default_system())


def test_iit_2022_income_route_not_covered_without_the_2020_ioaw_norm():
    with pytest.raises(NotCoveredError) as info:
        calculate(_single({"2019": 10000, "2020": 10000, "2021": 10000}), "individuele_inkomenstoeslag", "2022-01")
    assert info.value.parameter.startswith("gemeenten.amsterdam.individuele_inkomenstoeslag.ioaw_bruto_jaarnorm.")


def test_iit_2023_amount_not_covered():
    with pytest.raises(NotCoveredError) as info:
        calculate(_single({}, in_schuldhulp={"2023-01": True}), "individuele_inkomenstoeslag", "2023-01")
    assert info.value.parameter == "gemeenten.amsterdam.individuele_inkomenstoeslag.bedrag.alleenstaande"


@pytest.fixture(scope="module")
def iit_system():
    def modify(parameters):
        norm = parameters.gemeenten.amsterdam.individuele_inkomenstoeslag.ioaw_bruto_jaarnorm
        norm.alleenstaande.update(period="month:2020-01:6", value=1300.00)  # TEST VALUE, not a source
        norm.gehuwden.update(period="month:2020-01:6", value=1670.00)  # TEST VALUE, not a source
        return parameters

    return _reformed(modify)


# 120% x 12 x grondslag on 1 January: 2019 1,291.18 -> 18,592.992; 2020 (test) 1,300 -> 18,720;
# 2021 1,331.36 -> 19,171.584
@pytest.mark.parametrize(
    ("inkomen_2019", "verwacht"),
    [(18592.99, 170.0), (18592.992, 170.0), (18593.00, 0.0)],
)
def test_iit_2022_income_limit_in_each_year(iit_system, inkomen_2019, verwacht):
    inkomens = {"2019": inkomen_2019, "2020": 18720.0, "2021": 19171.58}
    assert calculate(_single(inkomens), "individuele_inkomenstoeslag", "2022-01", system=iit_system) == {"g": verwacht}


def test_iit_2022_one_year_above_the_limit_excludes(iit_system):
    inkomens = {"2019": 10000.0, "2020": 18720.01, "2021": 10000.0}
    assert calculate(_single(inkomens), "individuele_inkomenstoeslag", "2022-01", system=iit_system) == {"g": 0.0}


def test_iit_2022_asset_test_fails(iit_system):
    situation = _single({"2019": 10000.0, "2020": 10000.0, "2021": 10000.0})
    situation["personen"]["p"]["vermogen"] = {"2022": 7000}  # 2022 limit single: 6,505
    assert calculate(situation, "individuele_inkomenstoeslag", "2022-01", system=iit_system) == {"g": 0.0}


def test_energietoeslag_2022_income_route_not_covered():
    # Amsterdam's limits for income year 2021 were not found.
    with pytest.raises(NotCoveredError) as info:
        calculate(_single({"2021": 10000}), "energietoeslag", "2022-01")
    assert info.value.parameter.startswith("gemeenten.amsterdam.minima.inkomensgrens.")


def test_energietoeslag_2023_assets_above_limit_not_covered():
    situation = _single({"2022": 10000})
    situation["personen"]["p"]["vermogen"] = {"2023": 8000}  # 2023 limit single: 7,605
    with pytest.raises(NotCoveredError) as info:
        calculate(situation, "energietoeslag", "2023-01")
    assert info.value.parameter == "gemeenten.amsterdam.energietoeslag.bedrag_zonder_vermogenstoets"


def test_kwijtschelding_amsterdam_not_covered():
    situation = _single({})
    situation["huishoudens"]["h"]["afvalstoffenheffing"] = {"2024": 300.0}
    with pytest.raises(NotCoveredError) as info:
        calculate(situation, "kwijtschelding_gemeentelijke_belastingen", "2024-01")
    assert info.value.parameter.startswith("gemeenten.amsterdam.kwijtschelding.")


@pytest.fixture(scope="module")
def kwijtschelding_system():
    def modify(parameters):
        k = parameters.gemeenten.amsterdam.kwijtschelding
        k.kosten_van_bestaan_percentage.update(period="2024", value=1.0)  # TEST VALUE
        k.betalingscapaciteit_aandeel.update(period="2024", value=0.8)  # TEST VALUE
        return parameters

    return _reformed(modify)


def _kwijtschelding(system, netto, vermogen=0.0):
    situation = {
        "personen": {
            "p": {"geboortedatum": "1980-01-01", "netto_inkomen": {"2024-01": netto}, "vermogen": {"2024": vermogen}}
        },
        "gezinnen": {"g": {"volwassenen": ["p"]}},
        "huishoudens": {"h": {"bewoners": ["p"], "afvalstoffenheffing": {"2024": 300.0}}},
    }
    return calculate(situation, "kwijtschelding_gemeentelijke_belastingen", "2024-01", system=system)["g"]


def test_kwijtschelding_arithmetic(kwijtschelding_system):
    # 2024-01 single norm 1,345.75 (Pw art. 21a incl. VT; read from the model). With netto 1,365.75: capacity
    # 12 x 20 x 0.8 = 192 -> remission 300 - 192 = 108. Netto 1,300 (below the norm; no bijstand because netto
    # counts) -> 300.
    norm = calculate(_single({}), "gezinsnorm", "2024-01")["g"]
    assert _kwijtschelding(kwijtschelding_system, norm + 20) == pytest.approx(300 - 12 * 20 * 0.8)
    assert _kwijtschelding(kwijtschelding_system, norm + 40) == pytest.approx(
        0.0, abs=0.005
    )  # 12 x 40 x 0.8 = 384 > 300


def test_kwijtschelding_asset_test(kwijtschelding_system):
    norm = calculate(_single({}), "gezinsnorm", "2024-01")["g"]
    assert _kwijtschelding(kwijtschelding_system, norm, vermogen=norm) > 0
    assert _kwijtschelding(kwijtschelding_system, norm, vermogen=norm + 1) == 0
