"""Projection: values for periods the law has not yet set, opt-in and labelled "projected", never passed off as law.

A parameter is covered up to its ``last_value_still_valid_on`` date (docs/conventions.md §4). For budgets of the coming
years an analyst can ask for a *projected* system. It carries every parameter forward from the day after that date up
to ``until``, only where no value has been entered:

* amounts (unit ``currency-EUR``) are indexed by a yearly rate, applied per day after the last verified value
  (``index``, e.g. CPB's forecast of the contractual wages that drive the WML, art. 14 WML, and through it the
  bijstand norms, art. 21-22 Pw, the AOW, art. 9 AOW, and the toeslagen). The default ``index`` of 0 carries the
  nominal amounts forward unchanged. The index is the user's assumption; the project enters none;
* rates, ages, counts and percentages keep their last value, which is what the law does until it is changed.

Every projected parameter is listed in ``system.projected`` (name -> ProjectedValue). The household calculator marks
each value it could only compute with projected parameters. The population run writes the list into its manifest
and its tables. The Python API gets a projected system with :func:`projected_system`, or a parametric reform with
:func:`projected_reform`.
"""

from __future__ import annotations

import dataclasses
import datetime

from openfisca_core import periods
from openfisca_core.parameters import Parameter, ParameterScale
from openfisca_core.reforms import Reform

from openfisca_amsterdam.role_masks import RoleMaskEntities

#: Days in a year, to apply a yearly index rate for the time since the last verified value.
DAYS_PER_YEAR = 365.25
#: Units whose values are amounts of money and follow the index; everything else is carried forward unchanged.
INDEXED_UNITS = ("currency-EUR",)
#: The furthest a projection may reach (the AOW age is set by law five years ahead; beyond that nothing is known).
MAX_YEARS_AHEAD = 5


@dataclasses.dataclass(frozen=True)
class ProjectedValue:
    name: str
    start: str  # the first projected day
    until: str  # the last projected day
    rule: str  # how the value was obtained


class ProjectionError(ValueError):
    """A projection setting is not valid; ``field`` names it (``--projected``, ``--index``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def _check(until: str, index: float) -> datetime.date:
    try:
        end = datetime.date.fromisoformat(str(until))
    except ValueError:
        raise ProjectionError("--projected", f"'{until}' is not a date YYYY-MM-DD") from None
    today = datetime.date.today()
    if end > today.replace(year=today.year + MAX_YEARS_AHEAD):
        raise ProjectionError("--projected", f"{end} is more than {MAX_YEARS_AHEAD} years ahead")
    if not -0.5 < float(index) < 0.5:
        raise ProjectionError("--index", f"{index} is not a plausible yearly rate (give e.g. 0.03 for 3%)")
    return end


def _child(parameters, name: str):
    node = parameters
    for part in name.split("."):
        node = node.children[part]
    return node


def _leaves(parameter):
    if isinstance(parameter, Parameter):
        yield parameter
    elif isinstance(parameter, ParameterScale):
        for bracket in parameter.brackets:
            yield from bracket.children.values()


def _last_value(leaf, last: str):
    values = [v for v in leaf.values_list if v.instant_str <= last and v.value is not None]
    return max(values, key=lambda v: v.instant_str) if values else None


def _projections(parameters, coverage_rows, end: datetime.date, index: float):
    """(row, leaf, first projected day, value, rule) for every leaf of every parameter not covered up to ``end``."""
    for row in coverage_rows:
        if not row.last or row.last >= end.isoformat():
            continue
        start = (datetime.date.fromisoformat(row.last) + datetime.timedelta(days=1)).isoformat()
        node = _child(parameters, row.name)
        indexed = (node.metadata or {}).get("unit") in INDEXED_UNITS
        rule = f"indexed at {index:+.2%} a year" if indexed and index else "carried forward unchanged"
        for leaf in _leaves(node):
            last = _last_value(leaf, row.last)
            if last is None:
                continue  # never had a value: nothing to carry forward
            value = last.value
            if indexed and isinstance(value, (int, float)):
                years = (datetime.date.fromisoformat(start) - datetime.date.fromisoformat(last.instant_str)).days
                value = round(value * (1 + index) ** (years / DAYS_PER_YEAR), 2)
            yield row, leaf, start, value, rule


def _project(parameters, coverage_rows, end: datetime.date, index: float) -> dict[str, ProjectedValue]:
    projected = {}
    for row, leaf, start, value, rule in _projections(parameters, coverage_rows, end, index):
        leaf.update(start=periods.instant(start), stop=periods.instant(end.isoformat()), value=value)
        projected[row.name] = ProjectedValue(row.name, start, end.isoformat(), rule)
    return projected


def projected_parameters(system, until: str, index: float = 0.0) -> tuple[dict, dict[str, ProjectedValue]]:
    """The projection as a parametric change ``{path: {date: value}}`` (for ``simulate --set``-style doors: each
    projected value from its first day, no value again the day after ``until``), and what it projects. Scales are
    left out (their brackets have no path): a population run that needs one stays not covered for those units."""
    end = _check(until, index)
    after = (end + datetime.timedelta(days=1)).isoformat()
    changes, projected = {}, {}
    for row, _leaf, start, value, rule in _projections(system.parameters, system.coverage, end, float(index)):
        if isinstance(_child(system.parameters, row.name), ParameterScale):
            continue
        changes[row.name] = {start: value, after: None}
        projected[row.name] = ProjectedValue(row.name, start, end.isoformat(), rule)
    return changes, projected


def projected_reform(until: str, index: float = 0.0):
    """A parametric Reform class that projects every parameter not covered up to ``until`` (see the module text)."""
    end = _check(until, index)

    class projected(RoleMaskEntities, Reform):
        def apply(self):
            rows = self.baseline.coverage
            found = {}

            def modify(parameters):
                found.update(_project(parameters, rows, end, float(index)))
                return parameters

            self.modify_parameters(modifier_function=modify)
            self.coverage = rows
            self.projected = found

    projected.__name__ = f"projected_until_{end.isoformat()}"
    return projected


def projected_system(system, until: str, index: float = 0.0):
    """``system`` with every parameter not covered up to ``until`` projected; ``.projected`` lists them."""
    return projected_reform(until, index)(system)


__all__ = ["ProjectedValue", "ProjectionError", "projected_parameters", "projected_reform", "projected_system"]
