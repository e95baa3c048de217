"""Per-unit coverage in population runs.

In the household calculator a parameter that is not covered raises NotCoveredError for the household that needs it.
In a population run one rare household must not blank a scheme for the whole city: inside ``collecting(simulation)``
the formula helpers ``select_needed`` / ``where_needed`` record which units needed the uncovered value (and give them
the branch's default), and the analysis leaves exactly those units out of the schemes whose computation read the
value in question. Which those are follows each unit through OpenFisca's own call stack: :class:`DependencyTracer`
keeps, per variable and period, the persons whose value rests on an uncovered value (their *taint*), and hands it to
every caller (cached or not); inside a helper's branch only to the units that took the branch. So a unit's coverage
depends on its own computation only, not on which other households share its simulation (chunk size, row order, or
an incremental reform's subset give the same units). A parameter read outside those helpers still raises: then the
law itself is missing for everyone and the scheme is blank for the city.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses

import numpy
from openfisca_core import parameters as core_parameters
from openfisca_core.tracers import SimpleTracer, TracingParameterNodeAtInstant

from openfisca_amsterdam.coverage import NotCoveredError

_COLLECTOR: contextvars.ContextVar = contextvars.ContextVar("openfisca_amsterdam_unit_coverage", default=None)
#: The rows of the current formula's entity that a helper computes on (``formula_helpers.on_units``), or None.
_SUBSET: contextvars.ContextVar = contextvars.ContextVar("openfisca_amsterdam_subset", default=None)


@contextlib.contextmanager
def subset(rows: numpy.ndarray):
    """Masks of ``rows.size`` met inside the block stand for those rows of the current formula's entity."""
    token = _SUBSET.set(rows)
    try:
        yield
    finally:
        _SUBSET.reset(token)


@dataclasses.dataclass
class UncoveredUse:
    """Persons whose computation of ``variable`` needed ``error.parameter`` on a date it has no value."""

    variable: str
    error: NotCoveredError
    persons: numpy.ndarray


class DependencyTracer(SimpleTracer):
    """OpenFisca's simple tracer (the call stack) that also records the edges ``caller -> callee`` by variable name;
    which formula read which parameter when the simulation traces parameters (``parameter_readers``, see
    :func:`trace_parameters`); and per (variable, period) the persons whose value rests on an uncovered value
    (``taint``: {(variable of the use, parameter): UncoveredUse}), passed on to each caller."""

    def __init__(self, simulation=None) -> None:
        super().__init__()
        self.edges: set[tuple[str, str]] = set()
        #: parameter name as OpenFisca traces it (a leaf's path, or a vectorial node's) -> variables that read it
        self.parameter_readers: dict[str, set[str]] = {}
        self.simulation = simulation
        self.taint: dict = {}  # (variable, period) -> {(variable of the use, parameter): UncoveredUse}
        self._frames: list = []  # per calculation in progress: [cached?, stack of accumulators]
        #: (variable, period) whose formula raised (a value not covered, caught by a caller's helper): not cached
        self.raised: set = set()

    def record_calculation_start(self, variable, period) -> None:
        if self.stack:
            self.edges.add((self.stack[-1]["name"], variable))
        super().record_calculation_start(variable, period)
        cached = False
        if self.simulation is not None:
            try:
                cached = self.simulation.get_holder(variable).get_array(period) is not None
            except (KeyError, ValueError, AttributeError):  # an unknown variable: OpenFisca raises its own error
                cached = False
        self._frames.append([cached, [{}]])

    def record_calculation_end(self) -> None:
        frame = self.stack[-1]
        cached, accumulators = self._frames.pop()
        key = (frame["name"], frame["period"])
        if not cached and self.simulation is not None and self._not_cached(*key):
            self.raised.add(key)
        if not cached:
            if accumulators[0]:
                self.taint[key] = accumulators[0]
            else:
                self.taint.pop(key, None)
        super().record_calculation_end()
        known = self.taint.get(key)
        if known and self._frames:
            _merge(self._frames[-1][1][-1], known)

    def _not_cached(self, name, period) -> bool:
        try:
            return self.simulation.get_holder(name).get_array(period) is None
        except (KeyError, ValueError, AttributeError):
            return False

    def record_parameter_access(self, parameter, period, value) -> None:
        if self.stack:
            self.parameter_readers.setdefault(parameter, set()).add(self.stack[-1]["name"])

    def add_use(self, use: UncoveredUse) -> None:
        """An uncovered value the current calculation needed for ``use.persons``."""
        if self._frames:
            _merge(self._frames[-1][1][-1], {(use.variable, use.error.parameter): use})

    @contextlib.contextmanager
    def branch(self, persons: numpy.ndarray | None):
        """What the block computes reaches the current calculation only for ``persons`` (a helper's branch)."""
        if not self._frames or persons is None:
            yield
            return
        accumulators = self._frames[-1][1]
        accumulators.append({})
        try:
            yield
        finally:
            taken = accumulators.pop()
            _merge(accumulators[-1], taken, persons)

    def forget(self, name: str) -> None:
        """Drop the taint of a variable whose arrays were deleted (it is recorded again when recomputed)."""
        for key in [k for k in self.taint if k[0] == name]:
            del self.taint[key]

    def persons_tainted(self, variable: str) -> tuple[numpy.ndarray | None, list]:
        """(persons whose ``variable``, in any period computed, rests on an uncovered value, the uses responsible)."""
        uses: dict = {}
        for (name, _), found in self.taint.items():
            if name == variable:
                _merge(uses, found)
        mask = None
        for use in uses.values():
            mask = use.persons.copy() if mask is None else mask | use.persons
        return mask, list(uses.values())

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


def _merge(into: dict, found: dict, persons: numpy.ndarray | None = None) -> None:
    """Add the uses of ``found`` to ``into`` (limited to ``persons``); each use's mask is copied before it changes."""
    for key, use in found.items():
        mask = use.persons if persons is None else use.persons & persons
        if not mask.any():
            continue
        if key in into:
            into[key] = UncoveredUse(use.variable, use.error, into[key].persons | mask)
        else:
            into[key] = UncoveredUse(use.variable, use.error, mask)


_NODES = (core_parameters.ParameterNodeAtInstant, core_parameters.VectorialParameterNodeAtInstant)


class _TracedParameters(TracingParameterNodeAtInstant):
    """OpenFisca's tracing parameter node, recording every value a formula takes from it: also a tax scale (which
    OpenFisca's own records not), under the scale's path."""

    def __getattr__(self, key):
        try:
            return super().__getattr__(key)
        except NotCoveredError:  # a value that is not covered was read all the same: the formula is its reader
            self._record(key, None)
            raise

    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except NotCoveredError:
            self._record(key, None)
            raise

    def _record(self, key, child) -> None:
        node = self.parameter_node_at_instant
        vectorial = isinstance(node, core_parameters.VectorialParameterNodeAtInstant)
        name = f"{node._name}.{key}" if isinstance(key, str) and not vectorial else node._name
        self.tracer.record_parameter_access(name, node._instant_str, child)

    def get_traced_child(self, child, key):
        if isinstance(child, _NODES):
            return _TracedParameters(child, self.tracer)
        self._record(key, child)
        return child


def trace_parameters(simulation) -> None:
    """Record in the simulation's :class:`DependencyTracer` which formula reads which variable and which parameter."""
    tracer = simulation.tracer if isinstance(simulation.tracer, DependencyTracer) else DependencyTracer(simulation)
    tracer.simulation = simulation
    simulation.trace = True  # OpenFisca's setter installs its FullTracer: ours replaces it
    simulation.tracer = tracer
    simulation.trace_parameters_at_instant = lambda instant: _TracedParameters(
        simulation.tax_benefit_system.get_parameters_at_instant(instant), simulation.tracer
    )


class UnitCoverage:
    """Collects, for one simulation, which persons needed an uncovered parameter in which variable."""

    def __init__(self, simulation) -> None:
        self.simulation = simulation
        if not isinstance(simulation.tracer, DependencyTracer):
            simulation.tracer = DependencyTracer(simulation)
        simulation.tracer.simulation = simulation
        self.uses: dict[tuple[str, str], UncoveredUse] = {}

    def persons(self, wanted: numpy.ndarray) -> numpy.ndarray | None:
        """A mask over the current formula's entity (or over persons) as a mask over persons (None: neither)."""
        stack = self.simulation.tracer.stack
        if not stack:
            return None
        populations = self.simulation.populations
        entity = self.simulation.tax_benefit_system.variables[stack[-1]["name"]].entity.key
        rows = _SUBSET.get()
        if rows is not None and wanted.size == rows.size:
            full = numpy.zeros(populations[entity].count, dtype=bool)
            full[rows] = wanted
            wanted = full
        if wanted.size == populations[entity].count:
            return wanted if entity == "persoon" else wanted[populations[entity].members_entity_id]
        if wanted.size == populations["persoon"].count:
            return wanted
        return None

    def record(self, error: NotCoveredError, wanted: numpy.ndarray) -> None:
        stack = self.simulation.tracer.stack
        mask = self.persons(wanted)
        if mask is None:  # no formula running, or not a mask over a known entity: blank the computation
            raise error
        variable = stack[-1]["name"]
        key = (variable, error.parameter)
        if key in self.uses:
            self.uses[key].persons |= mask
        else:
            self.uses[key] = UncoveredUse(variable, error, mask.copy())
        self.simulation.tracer.add_use(UncoveredUse(variable, error, mask.copy()))

    def persons_not_covered(self, variable: str) -> tuple[numpy.ndarray, list[UncoveredUse]]:
        """(persons whose ``variable`` rests on an uncovered value, the uses responsible), per unit: through the
        values each unit's own computation read (:class:`DependencyTracer`)."""
        mask, responsible = self.simulation.tracer.persons_tainted(variable)
        if mask is None:
            mask = numpy.zeros(self.simulation.populations["persoon"].count, dtype=bool)
        return mask, responsible


def branch(wanted):
    """Context for a helper's branch needed by the ``wanted`` units: what it computes reaches only them."""
    collector = _COLLECTOR.get()
    if collector is None:
        return contextlib.nullcontext()
    return collector.simulation.tracer.branch(collector.persons(numpy.asarray(wanted)))


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
