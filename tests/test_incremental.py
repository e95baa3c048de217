"""Incremental reform scenarios (analysis/incremental.py) give exactly the tables of a full recomputation, for every
registered reform, a combination and a parametric change; and per-unit coverage does not depend on the chunk."""

import numpy
import pandas
import pytest
from pandas.testing import assert_frame_equal
from results_equal import assert_same_results as _same

from openfisca_amsterdam.analysis.run import simulate
from openfisca_amsterdam.reforms_registry import available


@pytest.fixture(scope="module")
def every_reform():
    """2024 (not the default year), chunks of 250 households: every registered reform and a combination."""
    names = [*available(), "zonder_kostendelersnorm+een_aanvraag"]
    settings = {"year": 2024, "households": 500, "seed": 5, "uncertainty": False, "chunk_size": 250}
    return (
        simulate(**settings, scenarios=names, incremental=True),
        simulate(**settings, scenarios=names, incremental=False),
    )


def test_every_registered_reform_gives_the_full_recomputation_exactly(every_reform):
    incremental, full = every_reform
    assert set(available()) <= set(incremental.scenarios)
    _same(incremental, full)


def test_the_incremental_run_recomputes_only_the_affected_households(every_reform):
    incremental, full = every_reform
    notes = {n.split(":")[0].removeprefix("incremental "): n for n in incremental.notes if n.startswith("incremental")}
    # the kostendelersnorm applies to gezinnen sharing a dwelling with kostendelers: a small share of households
    note = notes["zonder_kostendelersnorm"]
    assert "households in 2 chunks" in note
    recomputed = int(note.split("; ")[1].split(" of ")[0].replace(",", ""))
    assert 0 < recomputed < 0.2 * 500
    # a reform of take-up parameters only reuses the baseline's rules
    assert "takeup in 2 chunks; 0 of 500" in notes["een_aanvraag"]
    assert not any(n.startswith("incremental") for n in full.notes)


def test_a_parametric_change_and_shuffled_rows_in_2026():
    """A parametric change (the bijstand norm for a single person up 5%) with a reform, rows shuffled, and a Monte
    Carlo draw over the take-up assumptions beside the main variant."""
    from openfisca_amsterdam.analysis.systems import system_for
    from openfisca_amsterdam.population import calibration, synthetic

    table = synthetic.generate(300, 2026, 11)
    table, _ = calibration.calibrate(table, system_for(), 2026)
    table = table.sample(frac=1.0, random_state=2).reset_index(drop=True)
    path = "participatiewet.normen.alleenstaande"
    node = system_for().parameters.participatiewet.normen.alleenstaande
    value = float(node("2026-01-01")) * 1.05
    settings = {
        "year": 2026,
        "population": table,
        "uncertainty": True,
        "draws": 1,
        "chunk_size": 120,
        "parameters": {path: {"2026-01-01": value}},
        "scenarios": ["zonder_kostendelersnorm"],
    }
    incremental, full = simulate(**settings, incremental=True), simulate(**settings, incremental=False)
    _same(incremental, full)
    assert sorted(set(incremental.aggregates["variant"])) == ["basis", "draw_1"]
    note = next(n for n in incremental.notes if n.startswith("incremental"))
    assert "households in" in note
    spending = incremental.aggregates.query("dimension == 'totaal' and scheme == 'bijstand'").set_index("scenario")
    assert spending.loc["zonder_kostendelersnorm", "spending_eur"].sum() > 0


def test_units_not_covered_do_not_depend_on_the_chunk_size():
    """Coverage follows each unit's own computation: one chunk or three give the same units not covered (2024, a year
    with gaps in the city's parameters)."""
    settings = {"year": 2024, "households": 450, "seed": 8, "uncertainty": False}
    one = simulate(**settings, chunk_size=450)
    three = simulate(**settings, chunk_size=150)
    a = one.uncovered.set_index(["scenario", "scheme", "parameter"])
    b = three.uncovered.set_index(["scenario", "scheme", "parameter"])
    assert len(a) > 0
    assert_frame_equal(a[["units_n"]], b[["units_n"]])
    assert numpy.allclose(a["units"], b["units"], rtol=1e-9)
    counts = ["not_covered_n", "eligible_n", "recipients_n"]
    x = one.aggregates.set_index(["scenario", "variant", "scheme", "dimension", "group"])[counts]
    y = three.aggregates.set_index(["scenario", "variant", "scheme", "dimension", "group"])[counts]
    assert_frame_equal(x, y.loc[x.index])
    assert isinstance(one.uncovered, pandas.DataFrame)
