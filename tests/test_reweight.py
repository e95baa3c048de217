"""The raking inside the population run (analysis/reweight.py) gives exactly the tables of the raking with its own
rules pass: a synthetic population raked first (``calibration.calibrate``) and then run as a given population."""

import numpy
import pandas
import pytest
from openfisca_core import periods
from pandas.testing import assert_frame_equal
from results_equal import TABLES, assert_same_results

from openfisca_amsterdam.analysis import chunk, reweight
from openfisca_amsterdam.analysis.microsimulation import Microsimulation
from openfisca_amsterdam.analysis.run import add_deciles, simulate
from openfisca_amsterdam.analysis.systems import system_for
from openfisca_amsterdam.coverage import NotCoveredError
from openfisca_amsterdam.population import calibration, synthetic
from openfisca_amsterdam.population.schema import validate
from openfisca_amsterdam.unit_coverage import UncoveredUse


def _raked_first(year, households, seed):
    """The population raked with the separate rules pass (blocks of 20,000 households, not the run's chunks)."""
    return calibration.calibrate(synthetic.generate(households, year, seed), system_for(), year)


@pytest.mark.parametrize("year, chunk_size", [(2022, 200), (2026, 110)])
def test_raking_after_pass_1_gives_the_tables_of_the_separate_rules_pass(year, chunk_size):
    """Another year than the default, chunks that cut across the rules pass's blocks, a reform scenario (pass 2 on
    the kept chunks and on the recomputed households)."""
    settings = {"seed": 3, "uncertainty": False, "chunk_size": chunk_size, "scenarios": ["zonder_kostendelersnorm"]}
    inside = simulate(year, 400, **settings)
    table, report = _raked_first(year, 400, 3)
    before = simulate(year, population=table, **settings)
    assert_same_results(inside, before, (*TABLES, "takeup_check"))
    assert inside.intercepts == before.intercepts
    assert_frame_equal(inside.calibration, report, check_exact=True)
    assert inside.weighted_households == before.weighted_households
    # the raking moved the weights: design weights would not reproduce these tables
    assert table.groupby("huishouden_id")["gewicht"].first().std() > 0


def test_the_microsimulation_carries_the_raked_weights():
    table, report = _raked_first(2024, 300, 8)
    micro = Microsimulation(2024, 300, seed=8, chunk_size=110)
    expected = table.groupby("huishouden_id", sort=True)["gewicht"].first()
    weights = micro.weights("huishouden")
    assert numpy.array_equal(numpy.sort(weights.to_numpy()), numpy.sort(expected.to_numpy()))
    assert_frame_equal(micro.calibration, report, check_exact=True)


def _prepared(year=2025, households=60):
    table = validate(synthetic.generate(households, year, 1), system_for(), year)
    return chunk.prepare(add_deciles(table), year)


def test_a_january_value_the_raking_needs_and_that_is_not_covered_raises():
    """As the separate rules pass did (the raking needs every household); a gap in another month does not."""
    prepared = _prepared()
    sim = prepared.simulation
    error = NotCoveredError("participatiewet.normen.alleenstaande", "2025-01-01", "2022-01-01", "2024-12-31")
    persons = numpy.ones(sim.populations["persoon"].count, bool)
    use = {("bijstand", error.parameter): UncoveredUse("bijstand", error, persons)}
    sim.tracer.taint[("bijstand", periods.period("2025-07"))] = use
    ids = reweight.rules_indicators(prepared)[0]
    assert numpy.array_equal(ids, numpy.unique(prepared.table["huishouden_id"]))
    sim.tracer.taint[("bijstand", periods.period("2025-01"))] = use
    with pytest.raises(NotCoveredError, match="participatiewet.normen.alleenstaande"):
        reweight.rules_indicators(prepared)


def test_a_kept_chunk_refreshed_with_new_weights_has_them_everywhere_pass_2_reads():
    prepared = _prepared()
    rows = len(prepared.table)
    household = pandas.factorize(prepared.table["huishouden_id"])[0]
    columns = {"gewicht": 1.0 + household * 0.5, "_deciel": (household % 10 + 1).astype(int)}
    reweight.refresh(prepared, columns)
    assert len(prepared.table) == rows
    assert numpy.array_equal(prepared.table["gewicht"].to_numpy(), columns["gewicht"])
    ids, weights = reweight.household_weights(prepared.table)
    of_gezin = weights[ids.get_indexer(prepared.household_of["gezin"])]
    assert numpy.array_equal(prepared.units["gezin"]["gewicht"].to_numpy(), of_gezin)
    assert numpy.array_equal(prepared.units["huishouden"]["gewicht"].to_numpy(), weights)
    simulated = numpy.asarray(prepared.simulation.calculate("huishouden_gewicht", str(prepared.year)))
    assert numpy.array_equal(simulated, weights)
    deciles = prepared.table.groupby("huishouden_id", sort=True)["_deciel"].first().to_numpy()
    assert numpy.array_equal(prepared.units["huishouden"]["inkomensdeciel"].to_numpy(), deciles)
