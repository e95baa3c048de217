"""Reforms: registry, parametric validation, structural switches, and what the named scenarios must show."""

import pandas
import pytest

from openfisca_amsterdam.analysis.run import comparison_table, non_take_up_table, simulate, unit_changes
from openfisca_amsterdam.cli import main
from openfisca_amsterdam.population.synthetic import generate
from openfisca_amsterdam.reforms_registry import ReformError, apply_reforms, available, parametric_reform, split
from openfisca_amsterdam.situation import calculate

NAMES = [
    "automatische_stadspas",
    "automatische_aio",
    "automatische_toeslagen",
    "een_inkomensgrens_130",
    "zonder_kostendelersnorm",
    "zonder_vermogenstoets",
    "een_gemeentelijk_bedrag",
]

# two single adults of 45 sharing a dwelling, no income: each a kostendeler of the other (art. 22a Pw)
SHARED = {
    "personen": {"a": {"geboortedatum": "1980-01-01"}, "b": {"geboortedatum": "1980-06-01"}},
    "gezinnen": {"ga": {"volwassenen": ["a"]}, "gb": {"volwassenen": ["b"]}},
    "huishoudens": {"h": {"bewoners": ["a", "b"]}},
}


def test_the_stable_names_are_registered_with_a_description_and_burden():
    specs = available()
    assert set(NAMES) <= set(specs)
    for name in NAMES:
        assert specs[name].description and specs[name].burden and specs[name].steps_removed >= 1
    assert split(["zonder_kostendelersnorm+zonder_vermogenstoets"]) == [
        "zonder_kostendelersnorm",
        "zonder_vermogenstoets",
    ]
    with pytest.raises(ReformError, match="unknown reform"):
        split(["zonder_kostendelersnorm+bestaat_niet"])


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"participatiewet.bestaat_niet": {"2025-01-01": 1}}, "participatiewet.bestaat_niet"),
        ({"participatiewet": {"2025-01-01": 1}}, "participatiewet"),
        (
            {"gemeenten.amsterdam.minima.percentage_algemeen": {"2025-02-30": 1.5}},
            "gemeenten.amsterdam.minima.percentage_algemeen@2025-02-30",
        ),
        (
            {"gemeenten.amsterdam.minima.percentage_algemeen": {"2025-01-01": "veel"}},
            "gemeenten.amsterdam.minima.percentage_algemeen",
        ),
        ({"gemeenten.amsterdam.minima.percentage_algemeen": 1.5}, "gemeenten.amsterdam.minima.percentage_algemeen"),
    ],
)
def test_a_bad_parametric_reform_names_the_field(system, changes, field):
    with pytest.raises(ReformError) as error:
        parametric_reform(system, changes)
    assert error.value.field == field


def test_parametric_reform_changes_the_rule(system):
    # single of 40 in Amsterdam working (gross 3,000 a month: no bijstand), 2024 fiscal income 28,000 (> 26,664, the
    # 130% limit for income year 2024: no Stadspas); at 150% the limit is 26,664 / 1.3 x 1.5 = 30,766.15 -> Stadspas
    situation = {
        "personen": {
            "p": {"geboortedatum": "1985-01-01", "toetsingsinkomen": {"2024": 28000}, "bruto_loon": {"2025-03": 3000}}
        },
        "gezinnen": {"g": {"volwassenen": ["p"]}},
        "huishoudens": {"h": {"bewoners": ["p"]}},
    }
    assert calculate(situation, "stadspas", "2025-03", system) == {"g": False}
    reformed = parametric_reform(system, {"gemeenten.amsterdam.minima.percentage_algemeen": {"2025-01-01": 1.5}})
    assert calculate(situation, "stadspas", "2025-03", reformed) == {"g": True}


def test_zonder_kostendelersnorm_on_a_household_and_its_in_effect_switch(system):
    # 2025-03: gehuwdennorm 1,922.07. Kostendelersnorm with A = 2: (40% + 30% x 2) / 2 = 50% -> 961.04 each.
    # Without it: the single norm, 70% -> 1,345.45 each.
    assert calculate(SHARED, "bijstand", "2025-03", system) == {"ga": 961.04, "gb": 961.04}
    reformed = apply_reforms(system, ["zonder_kostendelersnorm"])
    assert calculate(SHARED, "bijstand", "2025-03", reformed) == {"ga": 1345.45, "gb": 1345.45}
    switched_off = parametric_reform(
        reformed, {"hervormingen.zonder_kostendelersnorm.in_effect": {"2025-01-01": False}}
    )
    assert calculate(SHARED, "bijstand", "2025-03", switched_off) == {"ga": 961.04, "gb": 961.04}


def test_zonder_kostendelersnorm_changes_only_households_with_kostendelers(system):
    population = generate(1500, 2025, 11)
    changes = unit_changes(population, 2025, "zonder_kostendelersnorm")
    sim_table = population.assign(gezin_id=population["gezin_id"].astype(str))
    gezinnen_per_dwelling = sim_table.groupby("huishouden_id")["gezin_id"].nunique()
    dwelling_of = sim_table.groupby("gezin_id")["huishouden_id"].first()
    shared = changes["gezin_id"].map(dwelling_of).map(gezinnen_per_dwelling) > 1
    changed = (changes["reform"] - changes["baseline"]).abs() > 0.005
    assert changed.any() and (changes["reform"] >= changes["baseline"] - 0.005)[~shared].all()
    # a gezin alone in its dwelling has no kostendelers: nothing changes for it
    assert not (changed & ~shared).any()
    # winners are gezinnen that share a dwelling
    assert ((changes["reform"] > changes["baseline"] + 1) & shared).sum() > 0


@pytest.fixture(scope="module")
def reformed():
    return simulate(
        2025,
        5000,
        seed=4,
        uncertainty=False,
        scenarios=["automatische_stadspas", "automatische_aio", "zonder_kostendelersnorm", "een_gemeentelijk_bedrag"],
    )


def test_automatic_stadspas_removes_most_non_take_up_and_names_the_rest(reformed):
    base = non_take_up_table(reformed).set_index("scheme").loc["stadspas"]
    reform = non_take_up_table(reformed, scenario="automatische_stadspas").set_index("scheme").loc["stadspas"]
    comparison = comparison_table(reformed, "automatische_stadspas").set_index("scheme").loc["stadspas"]
    assert base["non_take_up_rate"] == pytest.approx(0.27, abs=0.02)
    assert (
        reform["non_take_up_rate"] < 0.05
    )  # near zero: only gezinnen whose income fell since (registered income too high) miss it
    assert comparison["ambtshalve_reached"] > 0.8 * base["eligible_units"]
    assert (
        comparison["applications_removed"] > 0 and comparison["still_missed"] > 0
    )  # the remaining non-take-up is named
    assert comparison["wrongly_granted"] >= 0


def test_automatic_aio_raises_spending_and_lowers_unclaimed(reformed):
    comparison = comparison_table(reformed, "automatische_aio").set_index("scheme").loc["aio"]
    assert comparison["spending_change_eur"] > 0
    assert comparison["unclaimed_change_eur"] == pytest.approx(-comparison["spending_change_eur"], rel=1e-9)
    assert (
        non_take_up_table(reformed, scenario="automatische_aio").set_index("scheme").loc["aio", "non_take_up_rate"]
        < 0.1
    )


def test_abolishing_the_kostendelersnorm_raises_bijstand_spending(reformed):
    comparison = comparison_table(reformed, "zonder_kostendelersnorm").set_index("scheme")
    assert comparison.loc["bijstand", "spending_change_eur"] > 0
    assert comparison.loc["kinderbijslag", "spending_change_eur"] == 0  # not income-tested: untouched


def test_a_scheme_not_covered_in_one_run_has_no_comparison(reformed):
    comparison = comparison_table(reformed, "een_gemeentelijk_bedrag").set_index("scheme")
    # the Kindtegoed amounts of 2025 are not covered for every age: its abolition is costed for the covered units only,
    # and says so; the collectieve zorgverzekering contribution is not covered at all: no number
    assert "not covered" in comparison.loc["stadspas_kindtegoed", "status"]
    assert comparison.loc["stadspas_kindtegoed", "spending_change_eur"] <= 0  # a number: the covered units lose it
    assert "not covered" in comparison.loc["kwijtschelding_gemeentelijke_belastingen", "status"]
    assert comparison.loc["gemeentelijk_bedrag", "spending_change_eur"] > 0


def test_cli_reforms_and_simulate_with_a_reform(tmp_path, capsys):
    assert main(["reforms"]) == 0
    listed = capsys.readouterr().out
    assert all(name in listed for name in NAMES)
    out = tmp_path / "o"
    assert (
        main(
            [
                "simulate",
                "--households",
                "800",
                "--quiet",
                "--no-intervals",
                "--reform",
                "zonder_kostendelersnorm",
                "--set",
                "hervormingen.zonder_kostendelersnorm.in_effect=2025-01-01:1",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    comparison = pandas.read_csv(out / "reform_zonder_kostendelersnorm" / "comparison.csv")
    assert {
        "scheme",
        "spending_change_eur",
        "recipients_change",
        "unclaimed_change_eur",
        "applications_removed",
        "steps_removed_per_citizen",
        "below_social_minimum_change",
    } <= set(comparison.columns)
    assert (out / "reform_zonder_kostendelersnorm" / "non_take_up.csv").exists()
    assert "Reform zonder_kostendelersnorm" in (out / "report.html").read_text()
    assert (
        main(["simulate", "--households", "300", "--quiet", "--set", "geen.pad=2025-01-01:1", "--out", str(out)]) == 2
    )
    assert "geen.pad" in capsys.readouterr().err


def test_min_cell_suppresses_comparison_cells(reformed):
    comparison = comparison_table(reformed, "zonder_kostendelersnorm", min_cell=10**9).set_index("scheme")
    assert comparison.loc["bijstand", "status"].startswith("suppressed")
    assert pandas.isna(comparison.loc["bijstand", "spending_change_eur"])
