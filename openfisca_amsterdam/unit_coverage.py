"""Per-unit coverage in population runs.

In the household calculator a parameter that is not covered raises NotCoveredError for the household that needs it.
In a population run one rare household must not blank a scheme for the whole city: inside ``collecting(simulation)``
the formula helpers ``select_needed`` / ``where_needed`` record which units needed the uncovered value (and give them
the branch's default), and the analysis leaves exactly those units out of the schemes whose computation read the
variable in question. Which schemes that is comes from OpenFisca's own call stack: :class:`DependencyTracer` records,
for every ``calculate`` (cached or not), which variable asked for which. A parameter read outside those helpers still
raises: then the law itself is missing for everyone and the scheme is blank for the city.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses

import numpy
from openfisca_core.tracers import SimpleTracer

from openfisca_amsterdam.coverage import NotCoveredError

_COLLECTOR: contextvars.ContextVar = contextvars.ContextVar("openfisca_amsterdam_unit_coverage", default=None)


class DependencyTracer(SimpleTracer):
    """OpenFisca's simple tracer (the call stack) that also records the edges ``caller -> callee`` by variable name."""

    def __init__(self) -> None:
        super().__init__()
        self.edges: set[tuple[str, str]] = set()

    def record_calculation_start(self, variable, period) -> None:
        if self.stack:
            self.edges.add((self.stack[-1]["name"], variable))
        super().record_calculation_start(variable, period)

    def callees(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for caller, callee in self.edges:
            out.setdefault(caller, set()).add(callee)
        return out

    def closure(self, roots) -> set[str]:
        """Every variable that ``roots`` read, directly or through others (the roots included)."""
        callees, seen, todo = self.callees(), set(), list(roots)
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(callees.get(name, ()))
        return seen

    def readers_of(self, names) -> set[str]:
        """Every variable that read one of ``names``, directly or through others (``names`` included)."""
        callers: dict[str, set[str]] = {}
        for caller, callee in self.edges:
            callers.setdefault(callee, set()).add(caller)
        seen, todo = set(), list(names)
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(callers.get(name, ()))
        return seen


@dataclasses.dataclass
class UncoveredUse:
    """Persons whose computation of ``variable`` needed ``error.parameter`` on a date it has no value."""

    variable: str
    error: NotCoveredError
    persons: numpy.ndarray


class UnitCoverage:
    """Collects, for one simulation, which persons needed an uncovered parameter in which variable."""

    def __init__(self, simulation) -> None:
        self.simulation = simulation
        if not isinstance(simulation.tracer, DependencyTracer):
            simulation.tracer = DependencyTracer()
        self.uses: dict[tuple[str, str], UncoveredUse] = {}

    def record(self, error: NotCoveredError, wanted: numpy.ndarray) -> None:
        stack = self.simulation.tracer.stack
        if not stack:
            raise error
        variable = stack[-1]["name"]
        populations = self.simulation.populations
        entity = self.simulation.tax_benefit_system.variables[variable].entity.key
        persons = populations["persoon"]
        if wanted.size == populations[entity].count:
            mask = wanted if entity == "persoon" else wanted[populations[entity].members_entity_id]
        elif wanted.size == persons.count:
            mask = wanted
        else:  # not a mask over a known entity: fall back to blanking the computation
            raise error
        key = (variable, error.parameter)
        if key in self.uses:
            self.uses[key].persons |= mask
        else:
            self.uses[key] = UncoveredUse(variable, error, mask.copy())

    def persons_not_covered(self, variable: str) -> tuple[numpy.ndarray, list[UncoveredUse]]:
        """(persons whose ``variable`` rests on an uncovered value, the uses responsible) per the recorded calls."""
        tracer = self.simulation.tracer
        reached = tracer.closure([variable])
        mask = numpy.zeros(self.simulation.populations["persoon"].count, dtype=bool)
        responsible = [use for (name, _), use in self.uses.items() if name in reached]
        for use in responsible:
            mask |= use.persons
        return mask, responsible


@contextlib.contextmanager
def collecting(simulation, collector: UnitCoverage | None = None):
    """Per-unit coverage for ``simulation`` while the block runs (see :class:`UnitCoverage`); pass the ``collector`` of
    an earlier block to go on collecting into it (its simulation's cached values were recorded there)."""
    collector = collector or UnitCoverage(simulation)
    token = _COLLECTOR.set(collector)
    try:
        yield collector
    finally:
        _COLLECTOR.reset(token)


def active_collector():
    """The :class:`UnitCoverage` of the population run in progress, or None (the household calculator: raise)."""
    return _COLLECTOR.get()
