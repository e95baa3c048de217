"""The previous year's fiscal income given as data (``toetsingsinkomen@<year>``, as the city has it from the
Belastingdienst): the rules use it instead of computing that year's bijstand month by month."""

import numpy
import pytest
from pandas.testing import assert_frame_equal

from openfisca_amsterdam.analysis.run import simulate
from openfisca_amsterdam.analysis.simulation import build
from openfisca_amsterdam.analysis.systems import system_for
from openfisca_amsterdam.population import calibration, synthetic
from openfisca_amsterdam.population.schema import PopulationError, validate

YEAR = 2026


def _people(year):
    table = synthetic.generate(250, year, 6)
    table, _ = calibration.calibrate(table, system_for(), year)
    sim, _ = build(table, system_for(), year)
    return table, numpy.asarray(sim.calculate("toetsingsinkomen", str(year - 1)))


@pytest.fixture(scope="module")
def people():
    return _people(YEAR)


def _run(table, year=YEAR):
    return simulate(year=year, population=table, uncertainty=False, chunk_size=100)


def test_the_computed_value_given_as_data_gives_the_same_results(people):
    table, computed = people
    given = table.assign(**{f"toetsingsinkomen@{YEAR - 1}": computed})
    a, b = _run(table), _run(given)
    # the city's schemes test last year's fiscal income: the same value gives the same tables
    for name in ("aggregates", "poverty"):
        assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True, obj=name)


def test_a_higher_fiscal_income_last_year_takes_the_stadspas_away():
    """Amsterdam's Stadspas tests the toetsingsinkomen of the previous calendar year: with EUR 200,000 last year no
    gezin passes the income test, whatever this year's income. Those entitled to bijstand this year or in debt help
    (schuldhulp) keep the pass (stadspas, amsterdam_minima_doelgroep), so the count falls without reaching 0. Run in
    2024: the Stadspas limits of income year 2025 are not published, so there is no Stadspas in 2026
    (docs/coverage-gaps.md)."""
    table, _ = _people(2024)
    rich = table.assign(**{"toetsingsinkomen@2023": 200_000.0})
    stadspas = [
        r.aggregates.query("scheme == 'stadspas' and dimension == 'totaal' and scenario == 'baseline'")[
            "eligible_n"
        ].sum()
        for r in (_run(table, 2024), _run(rich, 2024))
    ]
    assert stadspas[0] > 0
    assert stadspas[1] < 0.6 * stadspas[0]  # measured: 111 -> 52 gezinnen


@pytest.mark.parametrize(
    "column, value, message",
    [
        (f"toetsingsinkomen@{YEAR}", 1000.0, "an earlier year must be one of"),
        ("toetsingsinkomen", 1000.0, f"toetsingsinkomen@{YEAR - 1}"),
        (f"toetsingsinkomen@{YEAR - 1}", numpy.nan, "missing value"),
    ],
)
def test_only_an_earlier_year_and_a_value_are_accepted(people, column, value, message):
    table, _ = people
    with pytest.raises(PopulationError) as error:
        validate(table.assign(**{column: value}), system_for(), YEAR)
    assert column in str(error.value) and message in str(error.value)
