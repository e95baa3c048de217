"""The microsimulation: the same numbers whatever the row order, chunk size or door (simulate, Microsimulation)."""

import pathlib

import numpy
import pandas
import pytest

from openfisca_amsterdam import Microsimulation
from openfisca_amsterdam.analysis.run import non_take_up_table, simulate
from openfisca_amsterdam.population.synthetic import generate
from tests.test_house_rules import imported_names

ROOT = pathlib.Path(__file__).resolve().parents[1]
YEAR = 2024  # not the default year on purpose


@pytest.fixture(scope="module")
def population():
    table = generate(2500, YEAR, 4)
    return table.assign(gewicht=1.0 + (table["huishouden_id"].astype(str).str[-1:].map(ord) % 5))


def _rates(population, **options):
    table = non_take_up_table(simulate(YEAR, population=population, uncertainty=False, **options)).set_index("scheme")
    return table


def test_row_order_and_chunk_size_do_not_change_the_results(population):
    base = _rates(population)
    income = population.groupby("huishouden_id")["bruto_loon"].transform("sum")
    variants = {
        "shuffled": _rates(population.sample(frac=1.0, random_state=3)),
        "sorted by household income": _rates(population.assign(_i=income).sort_values("_i").drop(columns="_i")),
        "chunks of 300": _rates(population, chunk_size=300),
    }
    schemes = base.dropna(subset=["non_take_up_rate"]).index
    assert len(schemes) >= 7
    for name, table in variants.items():
        for scheme in schemes:
            assert table.loc[scheme, "non_take_up_rate"] == pytest.approx(
                base.loc[scheme, "non_take_up_rate"], abs=0.005
            ), (name, scheme)
            assert table.loc[scheme, "unclaimed_eur_per_year"] == pytest.approx(
                base.loc[scheme, "unclaimed_eur_per_year"], rel=0.02, abs=1
            ), (name, scheme)


def test_microsimulation_total_equals_simulate_spending(population):
    results = simulate(YEAR, population=population, uncertainty=False, seed=0)
    table = non_take_up_table(results).set_index("scheme")
    sim = Microsimulation(year=YEAR, population=population, seed=0)
    for scheme in ("bijstand", "huurtoeslag", "zorgtoeslag", "kindgebonden_budget"):
        assert sim.total(f"{scheme}_ontvangen", str(YEAR)) == pytest.approx(
            table.loc[scheme, "spending_eur_per_year"], abs=1
        ), scheme
    received = sim.calculate("bijstand_ontvangen", str(YEAR))
    entitled = sim.calculate("bijstand", str(YEAR))
    assert received.index.name == "gezin_id" and (received <= entitled + 1e-9).all()
    assert ((received > 0) | (entitled == 0)).mean() < 1  # somebody entitled does not claim
    weights = sim.weights("gezin")
    assert weights.index.equals(received.index) and (weights >= 1).all()
    probability = sim.calculate("bijstand_kans_niet_gebruik", str(YEAR))
    assert probability.between(0, 1).all()


def test_microsimulation_with_a_reform_and_a_parametric_dict(population):
    base = Microsimulation(year=YEAR, population=population)
    reform = Microsimulation(year=YEAR, population=population, reform="zonder_kostendelersnorm")
    assert reform.total("bijstand", str(YEAR)) > base.total("bijstand", str(YEAR))
    assert reform.total("kinderbijslag", str(YEAR)) == pytest.approx(base.total("kinderbijslag", str(YEAR)))
    from openfisca_amsterdam.reforms.zonder_kostendelersnorm import zonder_kostendelersnorm

    as_class = Microsimulation(year=YEAR, population=population, reform=zonder_kostendelersnorm)
    assert as_class.total("bijstand", str(YEAR)) == pytest.approx(reform.total("bijstand", str(YEAR)))
    higher = Microsimulation(
        year=YEAR,
        population=population,
        reform={"gemeenten.amsterdam.minima.percentage_algemeen": {f"{YEAR}-01-01": 1.5}},
    )
    assert higher.total("stadspas", f"{YEAR}-03") >= base.total("stadspas", f"{YEAR}-03")


def test_uncovered_units_are_nan_and_named():
    sim = Microsimulation(year=2026, households=600, seed=0)
    aio = sim.calculate("aio", "2026")
    assert aio.isna().any() and not aio.isna().all()
    named = sim.not_covered("aio", "2026")
    assert "aow.bedragen" in " ".join(named["parameter"])


def test_the_law_does_not_import_machinery_or_inspect_the_system():
    forbidden = (
        "openfisca_amsterdam.takeup",
        "openfisca_amsterdam.analysis",
        "openfisca_amsterdam.report",
        "openfisca_amsterdam.cli",
        "openfisca_amsterdam.population",
    )
    for path in [*ROOT.glob("variables/**/*.py"), *ROOT.glob("reforms/**/*.py")]:
        for name in imported_names(path):
            assert not name.startswith(forbidden), f"{path.relative_to(ROOT)} imports {name}"
        assert "tax_benefit_system" not in path.read_text(), f"{path.relative_to(ROOT)} inspects the tax-benefit system"


def test_every_reform_module_defines_an_openfisca_reform_of_its_name():
    from openfisca_core.reforms import Reform

    from openfisca_amsterdam.reforms_registry import available

    modules = sorted(p.stem for p in (ROOT / "reforms").glob("[!_]*.py"))
    assert sorted(available()) == modules
    for name, spec in available().items():
        assert issubclass(spec.reform, Reform) and spec.reform.__name__ == name
        assert (ROOT / "tests" / "reforms" / f"{name}.yaml").exists(), f"tests/reforms/{name}.yaml missing"


def test_draws_of_the_rules_equal_the_calibration_draws(population):
    """The rules' propensity (variables/niet_gebruik) and the calibration's use the same draws."""
    from openfisca_amsterdam.formula_helpers import latent_uniform, takeup_propensity

    sim = Microsimulation(year=YEAR, population=population, seed=7)
    z = sim.calculate("huurtoeslag_gebruiksneiging", str(YEAR))
    x = sim.calculate("huurtoeslag_niet_gebruik_determinanten", str(YEAR))
    u = latent_uniform(z.index.to_numpy(), z.index.to_numpy(), "huurtoeslag", 7, 0.5)
    numpy.testing.assert_allclose(z.to_numpy(), takeup_propensity(u, x.to_numpy()))
    claims = sim.calculate("neemt_huurtoeslag_op", str(YEAR))
    assert pandas.Series(claims).dtype == bool and 0 < claims.mean() < 1


def test_kept_simulations_give_the_rebuilt_results(population, monkeypatch):
    """Pass 2 on the pruned simulation kept from pass 1 equals pass 2 on a fresh one, to the last bit, with reforms."""
    from openfisca_amsterdam.analysis import run

    households = population["huishouden_id"].drop_duplicates().iloc[:1200]
    population = population[population["huishouden_id"].isin(households)]  # 1,200 households: two chunks of 600
    options = dict(seed=1, chunk_size=600, uncertainty=True, scenarios=["zonder_kostendelersnorm"])
    kept = simulate(YEAR, population=population, **options)
    monkeypatch.setattr(run, "KEEP_SIMULATIONS_UP_TO", 0)
    rebuilt = simulate(YEAR, population=population, **options)
    for name in ("aggregates", "poverty", "winners"):
        pandas.testing.assert_frame_equal(getattr(kept, name), getattr(rebuilt, name), check_exact=True)
