"""Months computed once where nothing changes (issue 15): a month variable copied from another month of the same
year when everything it read is the same.

When a month variable (``bijstand``) is computed for month *a*, everything its computation reads is recorded: the
values it found already computed or given (inputs, defaults), and the values of the variables that look at the date
themselves (:mod:`openfisca_amsterdam.date_reads`: ``leeftijd``, ``heeft_aow_leeftijd``, ...), all at month *a*.
Asked for month *b*, those values are computed at *b* and compared with the recorded ones. When all are equal, the
value at *a* is the value at *b*, and it is copied. The argument:

- Every formula in the computation is a deterministic function of what it reads: variables at periods, parameters at
  instants, and the date itself. Variables that read the date are leaves (compared, not trusted).
- A recording is kept only if every period read is month *a* itself, its calendar year or eternity. A year's value is
  one cached array, the same for *a* and *b*. Any other period (last month, last year, another month) drops the
  recording, and month *b* is computed in full.
- Parameters may only be read at the start of *a* or of its year, and *a* and *b* must lie between the same
  parameter-change dates. These dates are every instant at which any parameter value (including the coverage ends),
  any formula or any variable's end starts in this system. So the parameter values and the formulas chosen are the
  same at *a* and *b*.
- A value that is equal at *a* and *b* at every leaf gives the same path through every formula, so the same result.

It is off where it could change what is reported: under OpenFisca's tracer (``/trace``, ``--explain``), while a
population run collects not-covered units (:mod:`openfisca_amsterdam.unit_coverage`), and after a cycle guard fired.
Results are the same with and without it; ``tests/test_month_shortcut.py`` compares them on varied households and
years.
"""

from __future__ import annotations

import bisect
import functools

import numpy
from openfisca_core import periods
from openfisca_core.errors import SpiralError
from openfisca_core.simulations import Simulation, SimulationBuilder

from openfisca_amsterdam.date_reads import variable_reads_date
from openfisca_amsterdam.unit_coverage import active_collector

MONTH, YEAR, ETERNITY = periods.DateUnit.MONTH, periods.DateUnit.YEAR, periods.DateUnit.ETERNITY


class _Recording:
    """What the computation of one month variable at month ``month`` read, and whether it may be reused: its own
    leaves (with their values), and the recordings of the variables computed inside it (flattened when compared)."""

    __slots__ = ("children", "flat", "get_parameters", "instants", "leaves", "month", "reusable", "year")

    def __init__(self, month, year, get_parameters) -> None:
        self.month, self.year, self.leaves, self.reusable = month, year, {}, True
        self.children: dict[int, _Recording] = {}
        self.flat: dict | None = None
        self.instants = (month.start, year.start)  # where its formulas may read parameters
        self.get_parameters = get_parameters

    def parameters_at(self, instant):
        """The system's parameters at ``instant``, for a formula computed in this frame (other instants than the
        month's or the year's start: not reused)."""
        start = instant.start if isinstance(instant, periods.Period) else periods.instant(instant)
        if start not in self.instants:
            self.reusable = False
        return self.get_parameters(instant)

    def absorb(self, child: _Recording) -> None:
        """What a variable computed inside this one read is read by this one too."""
        self.children[id(child)] = child
        self.reusable = self.reusable and child.reusable

    def flatten(self) -> dict:
        """Every leaf and its value at ``month``, through the children."""
        if self.flat is None:
            leaves = dict(self.leaves)
            for child in self.children.values():
                leaves.update(child.flatten())
            self.flat = leaves
        return self.flat


#: A frame that records nothing: the computation of a year's value, of a date-reading leaf, or of a comparison.
_BARRIER = None


_BASE_CALCULATE = Simulation._calculate


class MonthShortcutSimulation(Simulation):
    """An OpenFisca simulation that copies a month variable's value from another month when the leaves it read are
    equal (see the module docstring). Built with :class:`MonthShortcutBuilder` or :func:`enable`."""

    def _calculate(self, variable_name: str, period):
        state = self.__dict__.get("_shortcut")
        if state is None or state.off or period is None or self._trace:
            return _BASE_CALCULATE(self, variable_name, period)
        frames = state.frames
        if frames and frames[-1] is not None:
            return state.inside(frames[-1], variable_name, period)
        if not frames and active_collector() is not None:  # a population run collecting not-covered units
            return _BASE_CALCULATE(self, variable_name, period)
        return state.outside(variable_name, period)

    def _run_formula(self, variable, population, period):
        state = self.__dict__.get("_shortcut")
        if state is None or not state.recording():
            return super()._run_formula(variable, population, period)
        return state.run_recorded(variable, population, period)

    def _check_for_cycle(self, variable, period) -> None:
        try:
            super()._check_for_cycle(variable, period)
        except SpiralError:
            state = self.__dict__.get("_shortcut")
            if state is not None:
                state.off = True  # a value that depends on the call stack is never copied
            raise


def enable(simulation: Simulation) -> Simulation:
    """Turn the month shortcut on for an OpenFisca simulation (in place); returns it."""
    simulation.__class__ = MonthShortcutSimulation
    simulation._shortcut = _State(simulation)
    return simulation


class MonthShortcutBuilder(SimulationBuilder):
    """OpenFisca's :class:`SimulationBuilder`, building simulations with the month shortcut on."""

    def build(self, tax_benefit_system):
        return enable(super().build(tax_benefit_system))

    def build_from_entities(self, tax_benefit_system, input_dict):
        return enable(super().build_from_entities(tax_benefit_system, input_dict))


@functools.lru_cache(maxsize=8)
def _change_dates(system) -> tuple[str, ...]:
    """Every instant (``YYYY-MM-DD``) at which a parameter value, a formula or a variable's end starts."""
    dates: set[str] = set()

    def visit(node) -> None:
        for child in getattr(node, "children", {}).values():
            visit(child)
        for bracket in getattr(node, "brackets", []):
            for leaf in (getattr(bracket, k, None) for k in ("threshold", "rate", "amount", "average_rate", "base")):
                if leaf is not None:
                    visit(leaf)
        for value in getattr(node, "values_list", []):
            dates.add(str(value.instant_str))

    visit(system.parameters)
    for variable in system.variables.values():
        dates.update(str(start) for start in variable.formulas)
        if variable.end is not None:
            dates.add(str(periods.instant(variable.end).offset(1, "day")))
    return tuple(sorted(dates))


@functools.lru_cache(maxsize=8)
def _date_readers(system) -> frozenset[str]:
    return frozenset(name for name, variable in system.variables.items() if variable_reads_date(variable))


def _cached(holder, period):
    """The value a holder has for a (non-eternal) period, or None: OpenFisca's ``holder.get_array`` without its
    period conversion, read in the memory storage it uses when no disk storage is configured."""
    storage = getattr(holder, "_memory_storage", None)
    if storage is None or holder._disk_storage is not None or storage.is_eternal or holder.variable.is_neutralized:
        return holder.get_array(period)
    return storage._arrays.get(period)


def _same(recorded, value) -> bool:
    recorded, value = numpy.asarray(recorded), numpy.asarray(value)
    if recorded.shape != value.shape or recorded.dtype != value.dtype:
        return False
    return bool(numpy.array_equal(recorded, value, equal_nan=recorded.dtype.kind in "fc"))


class _State:
    """The recordings of one simulation and the stack of frames being computed."""

    def __init__(self, simulation: MonthShortcutSimulation) -> None:
        system = simulation.tax_benefit_system
        self.simulation, self.off = simulation, False
        self.change_dates, self.date_readers = _change_dates(system), _date_readers(system)
        self.variables, self.get_parameters = system.variables, system.get_parameters_at_instant
        self.holders: dict[str, object] = {}
        self.frames: list[_Recording | None] = []
        self.recordings: dict[tuple[str, int, int], list[tuple[_Recording, numpy.ndarray]]] = {}
        self.computed: dict[tuple[str, object], _Recording] = {}  # (variable, month) -> the recording fixing it
        self.classes: dict[object, tuple[int, int]] = {}
        self.copied = 0  # months copied instead of computed (benchmarks and tests read it)

    def recording(self) -> bool:
        return bool(self.frames) and self.frames[-1] is not None

    def _class_of(self, month) -> tuple[int, int]:
        """(year, index of the last change date on or before the month): months with the same class have the same
        parameters and formulas."""
        found = self.classes.get(month)
        if found is None:
            found = self.classes[month] = (month.start.year, bisect.bisect_right(self.change_dates, str(month.start)))
        return found

    def holder(self, name: str):
        found = self.holders.get(name)
        if found is None:
            found = self.holders[name] = self.simulation.get_variable_population(name).get_holder(name)
        return found

    def outside(self, name: str, period):
        """A read outside any recording: a month variable not yet computed is a target, the rest computed as is."""
        variable = self.variables.get(name)
        month_variable = variable is not None and variable.definition_period == MONTH and period.unit == MONTH
        if month_variable and name not in self.date_readers and variable.formulas:
            holder = self.holder(name)
            if holder.get_array(period) is None:
                return self._target(name, period, holder)
        return self._with_frame(_BARRIER, name, period)

    def _with_frame(self, frame, name: str, period):
        self.frames.append(frame)
        try:
            return _BASE_CALCULATE(self.simulation, name, period)
        finally:
            self.frames.pop()

    def inside(self, frame: _Recording, name: str, period):
        """A read made while ``frame`` records the computation of a month variable at ``frame.month``."""
        variable = self.variables.get(name)
        if variable is None or variable.definition_period == ETERNITY or period == frame.year:
            # an unknown name (OpenFisca's error), one value for every period, or one cached value the same for
            # every month of the year
            return self._with_frame(_BARRIER, name, period)
        if period != frame.month:
            frame.reusable = False  # reads another month or year: not copied
            return self._with_frame(_BARRIER, name, period)
        found = _cached(self.holder(name), period)
        if found is not None:
            known = self.computed.get((name, period))
            if known is not None:
                frame.absorb(known)  # its value is fixed by its own leaves: compare those instead
            else:
                frame.leaves[name] = found  # given, or computed without a reusable recording: compared at b
            return found
        if not variable.formulas or name in self.date_readers:
            value = self._with_frame(_BARRIER, name, period)
            frame.leaves[name] = value  # an input's default, or a variable that looks at the date: compared at b
            return value
        child = _Recording(period, frame.year, self.get_parameters)  # computed here: its own reads, then its reader's
        value = self._with_frame(child, name, period)
        frame.absorb(child)
        if child.reusable and not self.off:
            self._keep(child, name, value)
        return value

    def run_recorded(self, variable, population, period):
        """Run a formula for the top frame, checking the instants at which it reads parameters."""
        formula = variable.get_formula(period)
        if formula is None:  # no formula at this month: its default, compared at b (where it may be given)
            self.frames[-1].leaves[variable.name] = self.holder(variable.name).default_array()
            return None
        if formula.__code__.co_argcount == 2:
            return formula(population, period)
        return formula(population, period, self.frames[-1].parameters_at)

    def _target(self, name: str, period, holder):
        """A month variable not yet computed, asked outside any recording: copied when a recording matches."""
        key = (name, *self._class_of(period))
        for recording, value in self.recordings.get(key, ()):
            if self._matches(recording, period):
                copied = value.copy()
                holder.put_in_cache(copied, period)
                self.computed[(name, period)] = recording  # the same leaves fix it at this month too
                self.copied += 1
                return copied
        frame = _Recording(period, period.this_year, self.get_parameters)
        value = self._with_frame(frame, name, period)
        if frame.reusable and not self.off:
            self._keep(frame, name, value)
        return value

    def _keep(self, frame: _Recording, name: str, value) -> None:
        """Keep the recording of ``name`` at ``frame.month``: for copying it to other months, and as what fixes its
        value where another variable reads it."""
        self.recordings.setdefault((name, *self._class_of(frame.month)), []).append((frame, value))
        self.computed[(name, frame.month)] = frame

    def _matches(self, recording: _Recording, month) -> bool:
        """Whether every leaf of ``recording`` has the same value at ``month``."""
        simulation = self.simulation
        leaves = recording.flatten()
        self.frames.append(_BARRIER)
        try:
            for name, value in leaves.items():
                holder = self.holder(name)
                found = holder.get_array(month)
                if found is None:
                    variable = holder.variable
                    given = variable.get_formula(month) is None  # an input not given at this month: its default
                    found = holder.default_array() if given else simulation.calculate(name, month)
                if not _same(value, found):
                    return False
            return True
        finally:
            self.frames.pop()
