"""Incremental reform scenarios: a reform recomputes only the households it can change (issue 15).

The *roots* of a reform are the variables whose formula it replaces or adds, and those whose formula read a parameter
whose values it changes (OpenFisca's tracer records, per simulation, which formula read which parameter:
:class:`openfisca_amsterdam.unit_coverage.DependencyTracer`). Computed under the reform from the baseline's cached
values, a root that keeps its baseline value for every unit of a household leaves the whole household unchanged:
every other formula is the baseline's, reads parameters the reform leaves alone, and (by induction over the call
graph) values that are unchanged; and no rule of a household reads another household. So a scenario is the baseline
for every other household, and the reform runs in full on the affected households only; their per-unit results go
into their rows (:func:`merge_units`) before the weighted sums, so the tables are those of a full recomputation, to
the bit (``tests/test_incremental.py``, on every registered reform).

How a scenario is run (:func:`plan`):

* ``households``: the reform's roots lie outside the take-up layer. The affected households are those with a unit
  whose root changes, in the chunk's simulation and in the simulation of the toeslagen advances (the incomes of one
  year earlier), or whose automatic grant (``X_ambtshalve``) changes;
* ``takeup``: every root lies in the take-up layer (the reform changes only take-up parameters: ``een_aanvraag``,
  ``vaste_jaartoeslag``): the baseline's chunk is reused with the scenario's system, the take-up layer recomputed, as
  for a take-up variant;
* ``full``: anything else, the chunk recomputed under the reform as before: a reform that adds or removes a scheme,
  roots both inside and outside the layer, a root that the baseline computed but no longer holds, a root or grant
  that is not covered.
"""

from __future__ import annotations

import dataclasses

import numpy
from openfisca_core.parameters import Parameter, ParameterNode, ParameterScale

from openfisca_amsterdam.analysis.aggregate import DIMENSIONS, POVERTY_COLUMNS, SUM_COLUMNS, UnitFrame, _values
from openfisca_amsterdam.analysis.entitlements import determinant_roots, grants
from openfisca_amsterdam.analysis.receipts import VariantUnits
from openfisca_amsterdam.analysis.systems import MODEL_READERS
from openfisca_amsterdam.coverage import NotCoveredError
from openfisca_amsterdam.takeup.schemes import BY_NAME, SCHEMES
from openfisca_amsterdam.unit_coverage import collecting


@dataclasses.dataclass
class Plan:
    mode: str  # "households" | "takeup" | "full"
    reason: str = ""
    households: numpy.ndarray | None = None  # ids of the affected households (mode "households")


# --- What a reform changes ---


def _leaves(node, out: dict, prefix: str = "") -> dict:
    """{path: its dated values} of every parameter (a scale counts as one parameter, at its own path)."""
    for key, child in node.children.items():
        path = f"{prefix}{key}"
        if isinstance(child, ParameterNode):
            _leaves(child, out, path + ".")
        elif isinstance(child, ParameterScale):
            out[path] = repr([(b.name, _leaves(b, {}, "")) for b in child.brackets])
        elif isinstance(child, Parameter):
            out[path] = [(v.instant_str, v.value) for v in child.values_list]
    return out


_CHANGED: dict = {}


def changed_parameters(base, reform) -> frozenset:
    """Paths of the parameters whose values differ between the two systems (or that exist in one only)."""
    if reform.parameters is base.parameters:
        return frozenset()
    key = (id(base), id(reform))
    if key not in _CHANGED:
        a, b = _leaves(base.parameters, {}), _leaves(reform.parameters, {})
        _CHANGED[key] = (base, reform, frozenset(p for p in a.keys() | b.keys() if a.get(p) != b.get(p)))
    return _CHANGED[key][2]


def changed_variables(base, reform) -> set[str]:
    """Variables the reform replaces, adds or removes (the others are the baseline's own objects: ``system_for``)."""
    names = base.variables.keys() | reform.variables.keys()
    return {name for name in names if base.variables.get(name) is not reform.variables.get(name)}


def roots(sim, base, reform) -> set[str]:
    """The reform's roots in ``sim``: changed variables and the formulas that read a changed parameter there."""
    changed = changed_parameters(base, reform)
    out = changed_variables(base, reform)
    for name, readers in sim.tracer.parameter_readers.items():
        if any(name == p or p.startswith(name + ".") or name.startswith(p + ".") for p in changed):
            out |= readers
    return out


def takeup_layer(sim) -> set[str]:
    """The variables that read the take-up model or the determinants (recomputed for every take-up variant)."""
    system = sim.tax_benefit_system
    names = [p.format(s.name) for s in SCHEMES if s.name in system.variables for p in MODEL_READERS]
    return sim.tracer.readers_of(names + determinant_roots(system))


def kept_for(sim, base, reforms) -> set[str]:
    """What pruning keeps for the scenarios' detection: their roots outside the take-up layer and the variables those
    read directly (a root is recomputed from them; what they read is not needed again)."""
    layer = takeup_layer(sim)
    outside = set().union(*(roots(sim, base, reform) for reform in reforms)) - layer if reforms else set()
    return outside | {callee for caller, callee in sim.tracer.edges if caller in outside}


# --- Which households ---


def _known(sim) -> set:
    return {
        (name, period)
        for population in sim.populations.values()
        for name, holder in population._holders.items()
        for period in holder.get_known_periods()
    }


def _differs(new, old) -> numpy.ndarray:
    new, old = numpy.asarray(new), numpy.asarray(old)
    if new.dtype.kind == "f":
        return ~((new == old) | (numpy.isnan(new) & numpy.isnan(old)))
    return new != old


def _to_persons(sim, entity: str, mask: numpy.ndarray) -> numpy.ndarray:
    population = sim.populations[entity]
    return mask if entity == "persoon" else mask[population.members_entity_id]


def _taint_differs(old: dict, new: dict):
    """Persons whose coverage (per uncovered use) differs between two taints of one value."""
    out = False
    for key in old.keys() | new.keys():
        if key in old and key in new:
            out = out | (old[key].persons != new[key].persons)
        else:
            out = out | (old.get(key) or new.get(key)).persons
    return out


def _held(sim, names) -> tuple[dict | None, bool]:
    """({root: {period: cached array}} of the roots the baseline holds, whether a root raised "not covered" in some
    period); None: a root was computed but is no longer held."""
    base = sim.tax_benefit_system
    computed = {name for edge in sim.tracer.edges for name in edge}
    raised = {name for name, _ in sim.tracer.raised} & set(names)
    saved = {}
    for name in sorted(names):
        if name not in base.variables:  # new in the reform: only the reform's own (root) formulas read it
            continue
        holder = sim.get_holder(name)
        periods = holder.get_known_periods()
        if not periods and name in computed and name not in raised:  # computed by the baseline, no longer held
            return None, False
        if periods:
            saved[name] = {period: holder.get_array(period) for period in periods}
    return saved, bool(raised)


def _with_uncovered_uses(sim) -> numpy.ndarray:
    """Persons whose computation needed any value that is not covered (in any variable and period)."""
    persons = numpy.zeros(sim.persons.count, bool)
    for found in sim.tracer.taint.values():
        for use in found.values():
            persons |= use.persons
    return persons


def _restore(sim, base, before: set, taint: dict, raised: set, saved: dict) -> None:
    """Undo a detection: forget what it computed, put the roots' baseline arrays and taint back."""
    for name, period in _known(sim) - before:
        sim.get_holder(name).delete_arrays(period)
    sim.tax_benefit_system = base
    sim.tracer.taint, sim.tracer.raised = taint, raised
    for name, arrays in saved.items():
        holder = sim.get_holder(name)
        holder.delete_arrays()
        for period, array in arrays.items():
            holder.put_in_cache(array, period)


def affected_persons(sim, reform, names) -> numpy.ndarray | None:
    """Persons with a unit whose root (of ``names``) differs under ``reform`` from its cached baseline value, or whose
    coverage of it differs, at every period the baseline holds it (None: not decidable, run in full). The simulation
    is left as it was."""
    saved, raised = _held(sim, names)
    if saved is None:
        return None
    base, before = sim.tax_benefit_system, _known(sim)
    taint, was_raised = dict(sim.tracer.taint), set(sim.tracer.raised)
    # a root that raised "not covered" in some period has no baseline value there: whoever needed a value that is
    # not covered may need it (the reform may give it one), so those persons are recomputed
    persons = _with_uncovered_uses(sim) if raised else numpy.zeros(sim.persons.count, bool)
    sim.tax_benefit_system = reform
    try:
        for name in saved:
            sim.delete_arrays(name)
        with collecting(sim) as coverage:
            for name, arrays in saved.items():
                entity = reform.variables[name].entity.key
                for period, old in arrays.items():
                    persons |= _to_persons(sim, entity, _differs(sim.calculate(name, period), old))
                    persons |= _taint_differs(taint.get((name, period), {}), sim.tracer.taint.get((name, period), {}))
        for use in coverage.uses.values():  # a root that is not covered for a unit under the reform
            persons |= use.persons
    except NotCoveredError:
        return None
    finally:
        _restore(sim, base, before, taint, was_raised, saved)
    return persons


def _granted_persons(prepared, reform, reform_names) -> numpy.ndarray | None:
    """Persons with a unit whose automatic grant (``X_ambtshalve``) under the reform differs from the baseline's."""
    from openfisca_amsterdam.reforms_registry import registered_income, unknown_to_body

    sim = prepared.simulation
    persons = numpy.zeros(sim.persons.count, bool)
    registered = registered_income(reform_names)
    if not registered:
        return persons
    blank: dict = {}
    given = grants(prepared.table, reform, prepared.year, registered, blank, unknown_to_body(reform_names))
    if blank:
        return None
    for name, period, granted in given:
        entity = sim.tax_benefit_system.variables[name].entity.key
        persons |= _to_persons(sim, entity, _differs(granted, sim.calculate(name, period)))
    return persons


def plan(prepared, estimate, base, reform, reform_names) -> Plan:
    """How to run the scenario ``reform`` (system; ``reform_names`` its reforms) on the baseline's prepared chunk and
    simulation of the advances (``estimate``, or None)."""
    schemes = [s.name for s in SCHEMES if s.name in base.variables]
    if schemes != [s.name for s in SCHEMES if s.name in reform.variables]:
        return Plan("full", "the reform adds or removes a scheme")
    sim = prepared.simulation
    changed = roots(sim, base, reform)
    layer = takeup_layer(sim)
    granted = _granted_persons(prepared, reform, reform_names)
    if granted is None:
        return Plan("full", "an automatic grant is not covered")
    if changed and changed <= layer and not granted.any():
        return Plan("takeup", "the reform changes the take-up layer only")
    if changed & layer:
        return Plan("full", "the reform changes the take-up layer and the rules")
    persons = affected_persons(sim, reform, changed)
    if persons is None:
        return Plan("full", "a root is not held or not covered")
    persons |= granted
    if estimate is not None:
        lagged = affected_persons(estimate, reform, roots(estimate, base, reform))
        if lagged is None:
            return Plan("full", "a root of the advances is not held or not covered")
        persons |= lagged
    households = numpy.unique(prepared.table["huishouden_id"].to_numpy()[persons])
    return Plan("households", f"{households.size} of {prepared.unit_ids['huishouden'].size} households", households)


# --- Putting the affected households' results into their rows ---


def positions(prepared, sub) -> dict:
    """Per entity: the rows of the sub-chunk's units in the chunk's order of units."""
    return {entity: numpy.searchsorted(ids, sub.unit_ids[entity]) for entity, ids in prepared.unit_ids.items()}


def _put(base: numpy.ndarray, rows, values) -> numpy.ndarray:
    out = numpy.array(base, copy=True)
    out[rows] = values
    return out


def _merge_frame(base, sub, rows, columns) -> UnitFrame:
    """The base frame's breakdown dimensions and ``columns`` with the sub-chunk's rows put in."""
    out = UnitFrame()
    same_groups = True
    for column in DIMENSIONS:
        values = _values(sub, column)
        known = _values(base, column)
        if not numpy.array_equal(known[rows], values):
            same_groups = False
            known = _put(known, rows, values)
        out[column] = known
    for column in columns:
        out[column] = _put(_values(base, column), rows, _values(sub, column))
    if same_groups and "_codes" in base.attrs:  # the groups' codes of the base frame hold for the merged one
        out.attrs["_codes"] = base.attrs["_codes"]
    return out


def merge_units(base: VariantUnits, sub: VariantUnits | None, rows: dict) -> VariantUnits:
    """The baseline's per-unit results with the affected units' rows from ``sub`` (None: no household affected)."""
    if sub is None:
        return base
    schemes = {
        name: _merge_frame(frame, sub.schemes[name], rows[BY_NAME[name].entity], SUM_COLUMNS)
        for name, frame in base.schemes.items()
    }
    gezin = rows["gezin"]
    return VariantUnits(
        schemes,
        _merge_frame(base.poverty, sub.poverty, gezin, POVERTY_COLUMNS),
        {name: _put(values, gezin, sub.money[name]) for name, values in base.money.items()},
        _put(base.below, gezin, sub.below),
    )


def merge_advances(base: dict, sub: dict | None, rows: dict) -> dict:
    if sub is None:
        return base
    return {
        name: {key: _put(values, rows[BY_NAME[name].entity], sub[name][key]) for key, values in parts.items()}
        for name, parts in base.items()
    }


def merge_reasons(base_prepared, sub_prepared, rows: dict) -> dict:
    """Per scheme: {reason: units} of the baseline with the affected units' rows from the sub-chunk."""
    out = {}
    for name, e in base_prepared.entitled.items():
        reasons = {key: numpy.array(mask, copy=True) for key, mask in e.reasons.items()}
        if sub_prepared is not None:
            r = rows[BY_NAME[name].entity]
            for key in reasons:
                reasons[key][r] = False
            for key, mask in sub_prepared.entitled[name].reasons.items():
                reasons.setdefault(key, numpy.zeros(e.eligible.size, bool))[r] = mask
        out[name] = reasons
    return out


def same_shape(prepared, sub, base_advances: dict, sub_advances: dict) -> bool:
    """The sub-chunk has the chunk's schemes, blanks and settled schemes (else the scenario runs in full)."""
    return (
        list(sub.entitled) == list(prepared.entitled)
        and sub.blank.keys() == prepared.blank.keys()
        and list(sub_advances) == list(base_advances)
        and (sub.norm is None) == (prepared.norm is None)
    )


def notes(results) -> list[str]:
    """Per scenario: how its chunks were run (analysis/incremental.py) and how many households were recomputed."""
    notes = []
    for label in dict.fromkeys(label for r in results for label in r.plans):
        modes: dict = {}
        recomputed = 0
        for r in results:
            mode, reason = r.plans.get(label, ("full", ""))
            modes[mode] = modes.get(mode, 0) + 1
            if mode == "households":
                recomputed += int(reason.split(" of ")[0])
            elif mode == "full":
                recomputed += r.households
        total = sum(r.households for r in results)
        how = ", ".join(f"{mode} in {n} chunk{'s' * (n > 1)}" for mode, n in modes.items())
        notes.append(f"incremental {label}: {how}; {recomputed:,} of {total:,} households recomputed")
    return notes
