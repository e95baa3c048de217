"""The month shortcut (openfisca_amsterdam.month_shortcut) gives exactly the results of a full computation, and the
source analysis behind it (openfisca_amsterdam.date_reads) finds the formulas that read the date.

The households are chosen to change during the year: a wage in some months, a birthday at a Participatiewet age
(18, 21, 27), the AOW age reached mid-year, a child born in the year and one turning 18, a partner whose residence
changes, a gift in one month. Each is computed in every year 2022-2026, with the months asked in a shuffled order, and
compared value by value (or not-covered error by not-covered error) with the plain OpenFisca computation.
"""

from __future__ import annotations

import copy
import random
import sys
from pathlib import Path

import numpy
import pytest
from openfisca_core import periods

from openfisca_amsterdam.date_reads import formula_reads_date
from openfisca_amsterdam.formula_helpers import AUGUST, calendar_month, months_of
from openfisca_amsterdam.household_view import ROWS
from openfisca_amsterdam.month_shortcut import MonthShortcutSimulation
from openfisca_amsterdam.situation import build_simulation, default_system

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

YEARS = (2022, 2023, 2024, 2025, 2026)
MONTH_VARIABLES = [
    "bijstand",
    "aio",
    "zorgtoeslag",
    "kindgebonden_budget",
    "kinderbijslag",
    "huurtoeslag",
    "bijstandsnorm",
    "gezin_netto_inkomen",
    "besteedbaar_inkomen",
    "netto_inkomen",
    "stadspas",
]
YEAR_VARIABLES = ["toetsingsinkomen", "bijstand_en_aio_per_jaar", *[r[2] for r in ROWS if "per year" in r[0]]]


def _households(year: int) -> dict[str, dict]:
    """Situations whose inputs or ages change inside ``year``."""
    m = [f"{year}-{k:02d}" for k in range(1, 13)]
    return {
        "wage_in_some_months_and_birthday_in_may": {
            "personen": {"p": {"geboortedatum": "1990-05-12", "bruto_loon": {m[2]: 900, m[3]: 900, m[9]: 2500}}},
            "gezinnen": {"g": {"volwassenen": ["p"]}},
            "huishoudens": {"h": {"bewoners": ["p"], "kale_huur": {mm: 650 for mm in m}}},
        },
        "turns_21_and_27_as_kostendelers": {
            "personen": {
                "a": {"geboortedatum": f"{year - 21}-06-01"},
                "b": {"geboortedatum": f"{year - 27}-09-15", "bruto_loon": {m[0]: 400}},
                "c": {"geboortedatum": f"{year - 18}-03-01"},
            },
            "gezinnen": {"ga": {"volwassenen": ["a"]}, "gb": {"volwassenen": ["b"]}, "gc": {"volwassenen": ["c"]}},
            "huishoudens": {"h": {"bewoners": ["a", "b", "c"], "kale_huur": {mm: 900 for mm in m}}},
        },
        "reaches_aow_age_mid_year": {
            "personen": {
                "o": {"geboortedatum": f"{year - 67}-07-17", "aow_verzekerde_jaren": 30},
                "q": {"geboortedatum": f"{year - 60}-02-29" if year % 4 == 0 else f"{year - 60}-02-28"},
            },
            "gezinnen": {"g": {"volwassenen": ["o", "q"]}},
            "huishoudens": {"h": {"bewoners": ["o", "q"], "kale_huur": {mm: 700 for mm in m}}},
        },
        "children_born_and_turning_18": {
            "personen": {
                "ma": {"geboortedatum": "1985-01-31", "bruto_loon": {mm: 1800 for mm in m[:6]}},
                "baby": {"geboortedatum": f"{year}-04-01"},
                "teen": {"geboortedatum": f"{year - 18}-10-01"},
                "kid": {"geboortedatum": f"{year - 12}-08-02"},
            },
            "gezinnen": {"g": {"volwassenen": ["ma"], "kinderen": ["baby", "teen", "kid"]}},
            "huishoudens": {"h": {"bewoners": ["ma", "baby", "teen", "kid"], "kale_huur": {mm: 800 for mm in m}}},
        },
        "partner_in_procedure_then_permit_and_a_gift": {
            "personen": {
                "x": {"geboortedatum": "1980-03-03", "giften": {m[4]: 1500}},
                "y": {
                    "geboortedatum": "1982-11-11",
                    "verblijfsrecht": {
                        mm: "in_procedure" if k < 5 else "nederlander_of_vergunning" for k, mm in enumerate(m)
                    },
                },
            },
            "gezinnen": {"g": {"volwassenen": ["x", "y"]}},
            "huishoudens": {"h": {"bewoners": ["x", "y"], "kale_huur": {mm: 750 for mm in m}}},
        },
    }


def _outcome(simulation, name: str, period):
    """The value, or the not-covered error, exactly (a not-covered month must stay not covered)."""
    try:
        return ("value", numpy.asarray(simulation.calculate(name, period)).tolist())
    except Exception as error:  # noqa: BLE001 - compared, not hidden: both simulations must fail alike
        return ("error", type(error).__name__, str(error))


def _requests(year: int, seed: int) -> list[tuple[str, object]]:
    months = [periods.period(f"{year}-{k:02d}") for k in range(1, 13)]
    asked = [(name, month) for name in MONTH_VARIABLES for month in months]
    asked += [(name, periods.period(year)) for name in YEAR_VARIABLES]
    random.Random(seed).shuffle(asked)
    return asked


@pytest.mark.parametrize("year", YEARS)
def test_the_shortcut_gives_the_full_computation(year):
    system = default_system()
    copied = 0
    for index, (label, situation) in enumerate(sorted(_households(year).items())):
        plain = build_simulation(copy.deepcopy(situation), system, month_shortcut=False)
        fast = build_simulation(copy.deepcopy(situation), system)
        assert isinstance(fast, MonthShortcutSimulation) and not isinstance(plain, MonthShortcutSimulation)
        for name, period in _requests(year, seed=year * 10 + index):
            assert _outcome(fast, name, period) == _outcome(plain, name, period), (label, name, str(period))
        copied += fast._shortcut.copied
    assert copied > 0  # the shortcut did work: months were copied, not all computed


def test_the_issue_household_computes_fewer_months():
    """The Web API household of issue 15 (wage in March only): the 12 months of bijstand behind the yearly
    toetsingsinkomen are 5 computations (Jan-Feb and Apr-May alike, March's wage, June's new age, July's and
    August's parameter changes), the rest copied, with the same three answers."""
    web_api_household = pytest.importorskip("web_api_household")
    situation = web_api_household.household(901.0)
    plain = build_simulation(copy.deepcopy(situation), month_shortcut=False)
    fast = build_simulation(copy.deepcopy(situation))
    for name in ("bijstand", "zorgtoeslag", "huurtoeslag"):
        assert fast.calculate(name, "2025-03").tolist() == plain.calculate(name, "2025-03").tolist()
    computed = sorted(
        str(r.month) for (name, *_), kept in fast._shortcut.recordings.items() if name == "bijstand" for r, _ in kept
    )
    assert computed == ["2025-01", "2025-03", "2025-06", "2025-07", "2025-08"]


def test_a_traced_simulation_copies_nothing():
    """/trace and --explain show every computation: under OpenFisca's tracer nothing is copied."""
    from web_api_household import household

    simulation = build_simulation(household(900.0))
    simulation.trace = True
    simulation.calculate("zorgtoeslag", "2025-03")
    assert simulation._shortcut.copied == 0 and not simulation._shortcut.recordings


# --- The source analysis -----------------------------------------------------------------------------------------


def _helper_reads(instant):
    return instant.month == 1


def _helper_outside_the_project(persoon, period):
    return persoon("bruto_loon", period.last_month)


def _formula_month(persoon, period, parameters):
    return period.start.month > 6


def _formula_numpy(persoon, period, parameters):
    return numpy.asarray(period)


def _formula_via_helper(persoon, period, parameters):
    return _helper_reads(period.start)


def _formula_alias_and_loop(persoon, period, parameters):
    maanden = period.this_year.get_subperiods("month")
    totaal = 0
    for maand in maanden:
        totaal = totaal + persoon("bruto_loon", maand)
    augustus = persoon("bruto_loon", calendar_month(period, AUGUST))  # a project helper returning a period
    return totaal + augustus + sum(persoon("giften", m) for m in months_of(period)) + parameters(period.start).x


def _formula_unknown_helper(persoon, period, parameters):
    return _helper_outside_the_project(persoon, period)  # not analysed (outside the project): counts as reading


def _formula_alias_compared(persoon, period, parameters):
    eerste = period.first_month
    return eerste == period


def _formula_lambda(persoon, period, parameters):
    kies = [lambda: persoon("a", period), lambda: period.start.year]
    return kies


def _formula_simulation(persoon, period, parameters):
    return persoon.simulation.calculate("x", period)


@pytest.mark.parametrize(
    ("formula", "reads"),
    [
        (_formula_month, True),
        (_formula_numpy, True),
        (_formula_via_helper, True),
        (_formula_alias_compared, True),
        (_formula_lambda, True),
        (_formula_simulation, True),
        (_formula_unknown_helper, True),
        (_formula_alias_and_loop, False),
    ],
)
def test_the_analysis_finds_what_reads_the_date(formula, reads):
    assert (formula_reads_date(formula) is not None) is reads, formula_reads_date(formula)


def test_the_law_variables_that_read_the_date():
    """The variables the analysis finds in the law include every one known to compare the date (ages, the AOW day,
    the quarter, the school year's peildatum); and the big trees (bijstand, the toeslagen) are not among them."""
    from openfisca_amsterdam.month_shortcut import _date_readers

    readers = _date_readers(default_system())
    for known in (
        "leeftijd",
        "heeft_aow_leeftijd",
        "aow_deel_van_maand",
        "kinderbijslag",
        "kalendermaanden_sinds_geboortemaand",
        "scholierenvergoeding_jonger_dan_18_op_peildatum",
    ):
        assert known in readers
    for tree in ("bijstand", "algemene_bijstand", "bijstandsnorm", "zorgtoeslag", "huurtoeslag", "toetsingsinkomen"):
        assert tree not in readers


@pytest.mark.parametrize(
    "example",
    [
        "alleenstaande_bijstand.yaml",
        "alleenstaande_ouder_twee_tieners.yaml",
        "aow_met_gat.yaml",
        "paar_met_kostendeler.json",
    ],
)
def test_the_documented_examples_are_the_same(example):
    """The README's example households, the whole household view for every month of 2026."""
    from openfisca_amsterdam.situation import load_situation

    situation = load_situation(Path(__file__).resolve().parent.parent / "docs" / "examples" / example)
    for year in (2026,):
        plain = build_simulation(copy.deepcopy(situation), month_shortcut=False)
        fast = build_simulation(copy.deepcopy(situation))
        for name, period in _requests(year, seed=year):
            assert _outcome(fast, name, period) == _outcome(plain, name, period), (example, name, str(period))


def _reform_names() -> list[str]:
    from openfisca_amsterdam.reforms_registry import available

    return sorted(available())


@pytest.mark.parametrize("reform", _reform_names())
def test_every_reform_is_the_same_with_the_shortcut(reform):
    """``household --reform``: each registered reform's system on a household that changes during the year (children
    born and turning 18, or the AOW age reached, by the reform's place in the list), in 2026."""
    from openfisca_amsterdam.analysis.systems import system_for

    system = system_for((reform,), ())
    labels = ("children_born_and_turning_18", "reaches_aow_age_mid_year")
    for year in (2026,):
        households = _households(year)
        for label in (labels[_reform_names().index(reform) % len(labels)],):
            plain = build_simulation(copy.deepcopy(households[label]), system, month_shortcut=False)
            fast = build_simulation(copy.deepcopy(households[label]), system)
            for name, period in _requests(year, seed=year)[::3]:
                assert _outcome(fast, name, period) == _outcome(plain, name, period), (reform, label, name, str(period))


def test_an_input_given_in_one_month_where_the_rule_has_no_formula_yet():
    """Art. 24a Pw has a formula only from 2026; in 2025 ``verhoging_art24a`` is its default unless given. Given for
    May only (built directly: the doors refuse such inputs), May's bijstandsnorm must include it although every other
    leaf equals January's. By hand: art. 24 lid 1 Pw, 50% of the gehuwdennorm of 2025-01 (1,922.07) = 961.035, to the
    cent 961.04; plus the 100 given: 1,061.04."""
    from openfisca_core.simulations import SimulationBuilder

    from openfisca_amsterdam.month_shortcut import MonthShortcutBuilder

    situation = {
        "personen": {
            "x": {"geboortedatum": {"ETERNITY": "1980-03-03"}},
            "y": {"geboortedatum": {"ETERNITY": "1982-11-11"}, "verblijfsrecht": {"2025": "geen"}},
        },
        "gezinnen": {"g": {"volwassenen": ["x", "y"], "verhoging_art24a": {"2025-05": 100}}},
        "huishoudens": {"h": {"bewoners": ["x", "y"]}},
    }
    system = default_system()
    plain = SimulationBuilder().build_from_entities(system, copy.deepcopy(situation))
    fast = MonthShortcutBuilder().build_from_entities(system, copy.deepcopy(situation))
    months = [f"2025-{k:02d}" for k in range(1, 7)]
    assert [fast.calculate("bijstandsnorm", m).tolist() for m in months] == [
        plain.calculate("bijstandsnorm", m).tolist() for m in months
    ]
    assert fast.calculate("bijstandsnorm", "2025-05").tolist() == [1061.04]
    assert fast.calculate("bijstandsnorm", "2025-04").tolist() == [961.04]
    assert fast._shortcut.copied > 0  # the other months were copied
