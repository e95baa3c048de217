"""Turn a validated person table into an OpenFisca simulation (vectorised: one call per variable and period).

Inputs are set for the simulated year and, because the Stadspas tests last year's fiscal income and the IIT
three years, for the years before it too: an ``@year`` column gives that year's value; without one, the
simulated year's value is used (``INCOME_HISTORY`` columns are reported as such by the run).
"""

from __future__ import annotations

import numpy
import pandas
from openfisca_core import periods
from openfisca_core.simulation_builder import SimulationBuilder

from openfisca_amsterdam.population.schema import DESCRIPTIVE, ID_COLUMNS, WEIGHT, split_column
from openfisca_amsterdam.unit_coverage import trace_parameters

#: How many years before the simulated year get inputs (the IIT looks back three years).
HISTORY_YEARS = 3


def entity_index(table: pandas.DataFrame, key: str) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(sorted unique ids, first row of each) - OpenFisca orders a group entity by its sorted ids."""
    ids, first = numpy.unique(table[key].to_numpy(), return_index=True)
    return ids, first


def build(table: pandas.DataFrame, system, year: int, lag: int = 0):
    """An OpenFisca simulation of the table for ``year`` (and its history years).

    ``lag`` > 0 builds the *registered-income* view used by automatic-grant reforms: every year's inputs are taken
    from ``lag`` years earlier (what the government has registered when it grants), the household as it is now.
    """
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("persoon", table["persoon_id"].to_numpy())
    firsts = _declare_group_entities(builder, table)
    simulation = builder.build(system)
    simulation.max_spiral_loops = 1
    # record which formula read which variable and parameter: pass 2 and incremental reforms recompute from it
    trace_parameters(simulation)

    weights = table[WEIGHT].to_numpy()[firsts["huishouden"]] if WEIGHT in table else None
    if weights is not None:
        simulation.set_input("huishouden_gewicht", str(year), weights)
    for name, columns in _columns_by_variable(table, year).items():
        _store_inputs(simulation, table, system.variables[name], columns, firsts, year, lag)
    return simulation, firsts


def _declare_group_entities(builder, table: pandas.DataFrame) -> dict:
    """Declare the gezinnen and huishoudens of the table; return the first row of each unit, per entity."""
    firsts = {}
    for key, column, roles in (
        ("gezin", "gezin_id", table["rol"].to_numpy()),
        ("huishouden", "huishouden_id", numpy.full(len(table), "bewoner")),
    ):
        ids, first = entity_index(table, column)
        firsts[key] = first
        entity = builder.declare_entity(key, ids)
        builder.join_with_persons(entity, table[column].to_numpy(), roles)
    return firsts


def _columns_by_variable(table: pandas.DataFrame, year: int) -> dict[str, dict[int, str]]:
    """The input columns of the table: variable -> {year: column} (a column without ``@year`` is ``year``'s)."""
    by_year: dict[str, dict[int, str]] = {}
    for column in table.columns:
        if column in (*ID_COLUMNS, "rol", WEIGHT) or column in DESCRIPTIVE or column.startswith("_"):
            continue
        name, at = split_column(column)
        by_year.setdefault(name, {})[year if at is None else at] = column
    return by_year


def _column_values(table: pandas.DataFrame, column: str, variable, rows) -> numpy.ndarray:
    """A column as the variable's values (one per unit of its entity: ``rows``), read-only."""
    data = table[column].to_numpy()
    data = data if rows is None else data[rows]
    if variable.value_type.__name__ == "Enum":
        data = variable.possible_values.encode(data.astype(str))
    else:
        data = numpy.array(data, dtype=variable.dtype)
    data.setflags(write=False)  # shared by every month of the year: a formula cannot change it in place
    return data


def _store_inputs(simulation, table: pandas.DataFrame, variable, columns: dict, firsts: dict, year: int, lag: int):
    """Put one variable's inputs in the simulation's cache, for the simulated year and its history years."""
    rows = firsts.get(variable.entity.key)
    # Converted once and stored once per period, the months of a year sharing one array (set_input would convert
    # and, for a variable that divides a year's input, copy it for each of 48 months: half a chunk's memory).
    holder = simulation.get_holder(variable.name)
    if variable.definition_period == periods.DateUnit.ETERNITY:
        holder.put_in_cache(_column_values(table, columns[year], variable, rows), periods.period("ETERNITY"))
        return
    for y in [year - k for k in range(HISTORY_YEARS, -1, -1)]:
        column = columns.get(y - lag, columns.get(year))
        if column is None:
            continue
        data = _column_values(table, column, variable, rows)
        if variable.definition_period == periods.DateUnit.YEAR:
            holder.put_in_cache(data, periods.period(str(y)))
        else:
            for m in range(1, 13):
                holder.put_in_cache(data, periods.period(f"{y}-{m:02d}"))
