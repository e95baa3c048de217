"""Coverage: a period without a verified value is a loud NotCoveredError, never an old number."""

import datetime

import pytest
from openfisca_core.parameters import ParameterNode

from openfisca_amsterdam import NotCoveredError, coverage
from openfisca_amsterdam.situation import calculate
from tests.conftest import single


def test_every_parameter_has_source_unit_and_checked_date(system):
    assert len(system.coverage) > 40
    for row in system.coverage:
        assert row.reference, row.name
        assert row.last, row.name
        datetime.date.fromisoformat(row.last)


def test_after_last_verified_date_is_not_covered():
    with pytest.raises(NotCoveredError) as info:
        calculate(single(), "bijstand", "2027-01")
    assert info.value.parameter.startswith("participatiewet.")
    assert info.value.last_covered == "2026-12-31"
    assert "2027-01-01" in str(info.value)


def test_before_first_value_is_not_covered():
    with pytest.raises(NotCoveredError) as info:
        calculate(single(), "bijstand", "2021-12")
    assert "first verified value applies from 2022-01-01" in str(info.value)


def test_aow_after_its_last_verified_half_year():
    # The AOW amounts of 1 July 2026 were found in one code project only: not adopted, so not covered.
    with pytest.raises(NotCoveredError) as info:
        calculate(single("1950-01-01"), "aow", "2026-07")
    assert info.value.parameter.startswith("aow.bedragen.")
    assert info.value.last_covered == "2026-06-30"


def test_gap_in_a_rare_category_only_blocks_that_category():
    # The AOW amounts of 1 July 2026 are not covered (one public code project only): a pensioner's AIO cannot be
    # computed for 2026-07, a younger single's bijstand in the same situation can: 1,419.46 (Pw art. 21 onder a,
    # 1 July 2026) minus no income.
    situation = {
        "personen": {"p": {"geboortedatum": "1950-01-01"}, "s": {"geboortedatum": "1980-01-01"}},
        "gezinnen": {"oud": {"volwassenen": ["p"]}, "single": {"volwassenen": ["s"]}},
        "huishoudens": {"h1": {"bewoners": ["p"]}, "h2": {"bewoners": ["s"]}},
    }
    with pytest.raises(NotCoveredError) as info:
        calculate(situation, "aio", "2026-07")
    assert info.value.parameter.startswith("aow.bedragen.")
    del situation["gezinnen"]["oud"], situation["huishoudens"]["h1"], situation["personen"]["p"]
    assert calculate(situation, "bijstand", "2026-07") == {"single": pytest.approx(1419.46)}


def test_youth_couple_with_children_norm_of_2022_07_is_the_law_text():
    # Pw text valid from 2022-07-01, art. 20 lid 2 onder b: "gehuwden waarvan beide echtgenoten 18, 19 of 20 jaar
    # zijn: EUR 858,85" (with a ten laste komend kind). Before this value was found the period was not covered.
    situation = {
        "personen": {
            "a": {"geboortedatum": "2003-01-01"},
            "b": {"geboortedatum": "2003-02-01"},
            "k": {"geboortedatum": "2021-01-01"},
        },
        "gezinnen": {"jong": {"volwassenen": ["a", "b"], "kinderen": ["k"]}},
        "huishoudens": {"h1": {"bewoners": ["a", "b", "k"]}},
    }
    assert calculate(situation, "bijstandsnorm", "2022-07") == {"jong": pytest.approx(858.85)}


def test_parameter_without_checked_date_is_refused():
    node = ParameterNode(
        "",
        data={
            "x": {"description": "x", "metadata": {"unit": "/1", "reference": "art. 1"}, "values": {"2022-01-01": 1}}
        },
    )
    with pytest.raises(ValueError, match="last_value_still_valid_on"):
        coverage.apply_coverage(node)


def test_parameter_without_reference_is_refused():
    node = ParameterNode(
        "",
        data={
            "x": {
                "description": "x",
                "metadata": {"unit": "/1", "last_value_still_valid_on": "2026-12-31"},
                "values": {"2022-01-01": 1},
            }
        },
    )
    with pytest.raises(ValueError, match="reference"):
        coverage.apply_coverage(node)


def test_value_after_checked_date_is_refused():
    node = ParameterNode(
        "",
        data={
            "x": {
                "description": "x",
                "metadata": {"unit": "/1", "reference": "a", "last_value_still_valid_on": "2025-12-31"},
                "values": {"2022-01-01": 1, "2026-01-01": 2},
            }
        },
    )
    with pytest.raises(ValueError, match="after its"):
        coverage.apply_coverage(node)


def test_a_reform_value_makes_a_period_covered_again(system):
    from openfisca_core.reforms import Reform

    class AowJuli2026(Reform):
        def apply(self):
            def modify(parameters):
                parameters.aow.bedragen.alleenstaande.update(start="2026-07-01", value=1662.16)
                parameters.aow.bedragen.gehuwde.update(start="2026-07-01", value=1139.39)
                return parameters

            self.modify_parameters(modifier_function=modify)

    reformed = AowJuli2026(system)
    assert calculate(single("1950-01-01"), "aow", "2026-07", system=reformed)["p"] == pytest.approx(1662.16)
    with pytest.raises(NotCoveredError):
        calculate(single("1950-01-01"), "aow", "2026-07", system=system)


def test_stadspas_limits_only_for_sourced_income_years():
    # The Stadspas of year Y tests the income of Y-1; Amsterdam's limits were found for income years 2022-2024 only.
    person = {
        "toetsingsinkomen": {"2021": 15000, "2022": 15000, "2024": 15000, "2025": 15000},
        "bruto_loon": {"2022": 15000, "2025": 15000},
    }
    with pytest.raises(NotCoveredError) as info:
        calculate(single(**person), "stadspas", "2022-03")
    assert info.value.parameter.startswith("gemeenten.amsterdam.minima.inkomensgrens.")
    with pytest.raises(NotCoveredError):
        calculate(single(**person), "stadspas", "2026-03")
    assert calculate(
        single(**{"toetsingsinkomen": {"2022": 15000, "2023": 15000}, "bruto_loon": {"2023": 15000}}),
        "stadspas",
        "2023-03",
    ) == {"g": True}


def test_amsterdam_limits_never_block_a_household_elsewhere():
    # Rotterdam (GM0599) in 2026: Amsterdam's 2025 income limits are not known, but they are not read.
    situation = single(toetsingsinkomen={"2025": 15000}, bruto_loon={"2025": 15000})
    situation["huishoudens"]["h"]["gemeente"] = {"2026-03": "GM0599"}
    assert calculate(situation, "stadspas", "2026-03") == {"g": False}


def test_coverage_due_lists_what_needs_a_new_value_with_its_source(capsys):
    from openfisca_amsterdam.cli import main

    assert main(["coverage", "--due", "2027-01-01"]) == 0
    out = capsys.readouterr().out
    # grouped by Act and executing body, each with its checked date and the URL to check
    assert "Participatiewet - SZW" in out and "Algemene Ouderdomswet - SVB" in out and "Wet op de huurtoeslag" in out
    line = next(line for line in out.splitlines() if "aow.bedragen.alleenstaande" in line)
    assert "up to 2026-06-30" in line and "https://" in line
    # a parameter checked beyond the date is not listed (the AOW age is set by law up to 2031)
    assert "aow.pensioengerechtigde_leeftijd" not in out
    assert main(["coverage", "--due", "2026-07-01"]) == 0
    early = capsys.readouterr().out
    assert "aow.bedragen.alleenstaande" in early and "participatiewet.normen.alleenstaande " not in early
    assert main(["coverage", "--due", "1 januari"]) == 2 and "--due" in capsys.readouterr().err


def test_a_parameter_that_never_had_a_value_shows_no_value(capsys):
    from openfisca_amsterdam.cli import main

    assert main(["coverage"]) == 0
    line = next(
        line
        for line in capsys.readouterr().out.splitlines()
        if line.startswith("gemeenten.amsterdam.jongerentoeslag.alleenstaande_18 ")
    )
    assert "no value" in line


def test_the_household_calculator_names_a_gap_only_for_the_units_that_need_it():
    # 2026-07: the AOW amounts are not covered. The pensioner's gezin gets 'not covered' for the AIO, the younger
    # single in the same situation gets her bijstand: 1,419.46 (Pw art. 21 onder a, 1 July 2026) and AIO 0.
    from openfisca_amsterdam.cli import household_results

    situation = {
        "personen": {"p": {"geboortedatum": "1950-01-01"}, "s": {"geboortedatum": "1980-01-01"}},
        "gezinnen": {"oud": {"volwassenen": ["p"]}, "single": {"volwassenen": ["s"]}},
        "huishoudens": {"h1": {"bewoners": ["p"]}, "h2": {"bewoners": ["s"]}},
    }
    result = household_results(situation, "2026-07")
    assert result["gezinnen"]["oud"]["aio"].startswith("not covered: parameter aow.bedragen.")
    assert result["gezinnen"]["single"]["aio"] == 0
    assert result["gezinnen"]["single"]["bijstand"] == pytest.approx(1419.46)


def test_a_scale_after_its_checked_date_is_not_covered_never_zero(system):
    # A tax scale whose brackets all ended would give 0 from calc(): the tax of 2027 would silently be nothing.
    import numpy

    assert system.parameters("2025-01-01").inkomstenbelasting.tarief.box1.calc(numpy.array([10_000.0]))[0] > 0
    for path in ("inkomstenbelasting.tarief.box1", "kinderbijslag.leeftijdspercentage"):
        node = system.parameters("2027-01-01")
        with pytest.raises(NotCoveredError) as info:
            for part in path.split("."):
                node = getattr(node, part)
        assert info.value.parameter == path and info.value.last_covered == "2026-12-31"
