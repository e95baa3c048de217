"""One chunk of households through the rules: entitlements (pass 1), then receipts under the calibrated take-up model
(pass 2), returned as weighted sums per scheme and group.

Pass 1 (:func:`prepare`) builds the chunk's simulation, computes every scheme's entitlement for the 12 months of the
year with per-unit coverage (:mod:`openfisca_amsterdam.unit_coverage`) and returns what the calibration needs
(:class:`CalibrationData`). Pass 2 (:func:`run_chunk`) sets the take-up model active with the intercepts calibrated
on the whole population, as a parametric reform, and sums what the rules' receipt variables (``X_ontvangen``) give.
The simulation of pass 1 is kept for pass 2 in this process (:data:`_KEPT`); after each take-up variant, OpenFisca's
tracer tells which cached arrays read the take-up model and are recomputed. A chunk whose simulation is not kept
(another Dask worker, or memory) is rebuilt: same numbers.

This module holds the two tasks (:func:`pass1`, :func:`run_chunk`) and the simulations kept between them. The parts
are in :mod:`.systems` (the tax-benefit systems), :mod:`.entitlements` (pass 1), :mod:`.receipts` (pass 2) and
:mod:`.aggregate` (weighted sums, per-gezin money); the names they used to have here are importable from here.
"""

from __future__ import annotations

import dataclasses

import pandas

from openfisca_amsterdam.analysis import incremental, reweight
from openfisca_amsterdam.analysis.aggregate import (
    DIMENSIONS,
    POVERTY_COLUMNS,
    SUM_COLUMNS,
    WINNER_COLUMNS,
    _Scenario,
    _winners_losers,
    money_change,
    money_total,
)
from openfisca_amsterdam.analysis.entitlements import (
    CalibrationData,
    Entitlement,
    Prepared,
    _yearly,
    calibration_data,
    determinant_roots,
    prepare,
)
from openfisca_amsterdam.analysis.receipts import run_scenario, summarise
from openfisca_amsterdam.analysis.repayments import advances, settlement, unit_weights
from openfisca_amsterdam.analysis.repayments import summarise as summarise_settlement
from openfisca_amsterdam.analysis.systems import MODEL_READERS, system_for, takeup_parameters, takeup_system
from openfisca_amsterdam.takeup.schemes import BY_NAME, SCHEMES
from openfisca_amsterdam.unit_coverage import collecting

#: This module's API: its own tasks, and the names of its parts that callers import from here.
__all__ = [
    "DIMENSIONS",
    "MODEL_READERS",
    "POVERTY_COLUMNS",
    "SUM_COLUMNS",
    "WINNER_COLUMNS",
    "CalibrationData",
    "ChunkResult",
    "Entitlement",
    "Prepared",
    "calibration_data",
    "keep",
    "money_change",
    "money_total",
    "pass1",
    "prepare",
    "prune",
    "run_chunk",
    "run_scenario",
    "system_for",
    "takeup_parameters",
    "takeup_system",
    "warm",
]


@dataclasses.dataclass
class ChunkResult:
    aggregates: pandas.DataFrame
    poverty: pandas.DataFrame
    blank: dict  # scenario -> scheme -> reason
    reasons: pandas.DataFrame  # scenario, scheme, parameter, units (weighted), units_n
    households: int
    winners: pandas.DataFrame
    repayments: pandas.DataFrame = dataclasses.field(default_factory=pandas.DataFrame)
    plans: dict = dataclasses.field(default_factory=dict)  # scenario -> (incremental mode, why)


def _reasons(prepared, label, reasons: dict | None = None):
    """Rows (scenario, scheme, parameter, weighted units, units) of the units whose scheme needed an uncovered value;
    ``reasons``: {scheme: {reason: units}} in place of the prepared chunk's own (an incremental scenario's)."""
    rows = []
    for name, e in prepared.entitled.items():
        w = prepared.units[BY_NAME[name].entity]["gewicht"].to_numpy()
        for reason, mask in (e.reasons if reasons is None else reasons[name]).items():
            if not mask.any():
                continue
            rows.append(
                {
                    "scenario": label,
                    "scheme": name,
                    "parameter": reason,
                    "units": float(w[mask].sum()),
                    "units_n": int(mask.sum()),
                }
            )
    return rows


#: Pass-1 simulations kept for pass 2 in this process, by chunk key (bounded by the run's memory setting).
_KEPT: dict = {}


def keep(key, prepared: Prepared) -> None:
    _KEPT[key] = prepared


def _model_roots(system) -> list[str]:
    return [pattern.format(s.name) for s in SCHEMES if s.name in system.variables for pattern in MODEL_READERS]


def prune(prepared: Prepared, scenarios: tuple = (), parameters: tuple = ()) -> None:
    """Keep only what pass 2 reads: the arrays that the take-up layer reads from the law (its frontier, from the
    tracer's record), and the inputs. Everything else the law computed is dropped, so that keeping every chunk's
    simulation between the passes costs little memory."""
    sim = prepared.simulation
    system = sim.tax_benefit_system
    year = prepared.year
    with collecting(sim, prepared.coverage):  # run the take-up layer once, so the tracer records what it reads
        for name in prepared.entitled:
            scheme = BY_NAME[name]
            sim.calculate(f"{name}_gebruiksneiging", str(year))
            _yearly(sim, scheme.receipt, scheme.period, year)
    prepared.seed = system.parameters(f"{year}-01").niet_gebruik.model.seed
    tracer = sim.tracer
    # the layer starts at the determinants, which a variant's assumptions change
    layer = tracer.readers_of(_model_roots(system) + determinant_roots(system))
    frontier = {callee for caller, callee in tracer.edges if caller in layer and callee not in layer}
    computed = {name for edge in tracer.edges for name in edge}
    # what an incremental scenario compares with the reform (its roots outside the take-up layer, and what they read)
    base = system_for(prepared.reforms, ())
    computed -= incremental.kept_for(
        sim, base, [system_for(prepared.reforms + tuple(s), tuple(parameters)) for s in scenarios]
    )
    # what pass 2 recomputes in any case (it forgets these before its first variant): the receipts and claims, which
    # were computed at the top level and so appear in no edge as a callee
    recomputed = tracer.readers_of(
        [p.format(s.name) for s in SCHEMES if s.name in system.variables for p in MODEL_READERS[:1] + MODEL_READERS[2:]]
    )
    for variable in (computed - frontier) | recomputed:
        if variable in system.variables and system.variables[variable].formulas:
            sim.delete_arrays(variable)


def warm(key, reforms=()) -> bool:
    """A worker's preparation for the run's tasks (:meth:`.executor.Executor.warm`): the allocator setting and the
    tax-benefit system of ``reforms`` (cached in the process)."""
    _tune_allocator()
    system_for(tuple(reforms), ())
    return True


def pass1(
    key, table, year, variants, rho, reforms=(), keep_simulation=True, scenarios=(), parameters=(), rules=False
) -> CalibrationData:
    """Pass 1 as a task: prepare the chunk, keep it (pruned) for pass 2 when allowed, return its calibration data.
    ``scenarios`` and ``parameters`` (those of pass 2): what their incremental runs need is kept too. ``rules``: the
    data carries the raking's rules indicators too (a synthetic population, raked after pass 1)."""
    _tune_allocator()
    prepared = prepare(table, year, tuple(reforms))
    data = calibration_data(prepared, variants, rho)
    if rules:
        data.rules = reweight.rules_indicators(prepared)
    if keep_simulation:
        prune(prepared, tuple(scenarios), tuple(parameters))
        keep(key, prepared)
    else:
        del prepared
    _release_memory()
    return data


@dataclasses.dataclass
class _Outcome:
    """One scenario on one chunk: its sums, per-gezin money (for winners and losers), blanks and reasons."""

    aggregates: list
    poverty: list
    result: object
    repayments: pandas.DataFrame
    blank: dict
    reasons: list


def _full(table, year, names, parameters, variants, intercepts, label, fixed_line) -> _Outcome:
    """The scenario recomputed on the whole chunk."""
    scenario = prepare(table, year, names, tuple(parameters))
    agg, pov, result = run_scenario(scenario, names, tuple(parameters), variants, intercepts, label, fixed_line)
    repayments = settlement(scenario, system_for(names, tuple(parameters)), label)
    return _Outcome(agg, pov, result, repayments, scenario.blank, _reasons(scenario, label))


def _incremental(base: Prepared, base_run, advance_units, how, names, parameters, variants, intercepts, label, line):
    """The scenario from the baseline's chunk (mode ``takeup``) or with only the affected households recomputed (mode
    ``households``); None when the affected households' chunk does not have the chunk's shape (run in full)."""
    system = system_for(names, tuple(parameters))
    weights = unit_weights(base)
    if how.mode == "takeup":
        agg, pov, result = run_scenario(base, names, tuple(parameters), variants, intercepts, label, line, refresh=True)
        rows = summarise_settlement(advance_units, weights, system, base.year, label)
        return _Outcome(agg, pov, result, rows, base.blank, _reasons(base, label))
    sub = sub_units = sub_advances = None
    where: dict = {}
    blank = base.blank
    table = base.table
    chosen = table[table["huishouden_id"].isin(how.households)]
    if len(chosen):
        sub = prepare(chosen, base.year, names, tuple(parameters))
        where = incremental.positions(base, sub)
        sub_line = None if line is None else line[where["gezin"]]
        *_, sub_units = run_scenario(sub, names, tuple(parameters), variants, intercepts, label, sub_line, True)
        sub_advances, _ = advances(sub, system)
        if not incremental.same_shape(base, sub, advance_units, sub_advances):
            return None
        blank = sub.blank
    aggregates, poverty, result = [], [], _Scenario()
    for variant in variants:
        own = sub_units.units[variant.name] if sub is not None else None
        units = incremental.merge_units(base_run.units[variant.name], own, where)
        agg, pov = summarise(units, variant.name, label)
        aggregates += agg
        poverty.append(pov)
        result.income[variant.name], result.below[variant.name] = units.money, units.below
    merged = incremental.merge_advances(advance_units, sub_advances, where)
    rows = summarise_settlement(merged, weights, system, base.year, label)
    reasons = _reasons(base, label, incremental.merge_reasons(base, sub, where))
    return _Outcome(aggregates, poverty, result, rows, blank, reasons)


def run_chunk(
    key,
    table: pandas.DataFrame,
    year: int,
    variants,
    intercepts: dict,
    reforms: tuple = (),
    scenarios: tuple = (),
    parameters: tuple = (),
    incremental_reforms: bool = True,
    raked: dict | None = None,
) -> ChunkResult:
    """Pass 2 for one chunk: the baseline (``reforms`` applied, normally none) and each scenario of ``scenarios`` (a
    tuple of reform-name tuples; ``parameters`` apply to every scenario; an empty tuple is the parametric change alone)
    with the same draws and the baseline's intercepts. A scenario recomputes only the households it can change
    (:mod:`.incremental`) unless ``incremental_reforms`` is false: the same tables. ``raked``: the weights and deciles
    raked after pass 1 (column -> values per row of ``table``), which a table scattered before the raking lacks."""
    _tune_allocator()
    if raked is not None:
        table = table.assign(**raked)
    prepared = _KEPT.pop(key, None)
    if prepared is None:
        prepared = prepare(table, year, tuple(reforms))
    elif raked is not None:
        reweight.refresh(prepared, raked)
    base_system = system_for(tuple(reforms), ())
    keep_units = bool(scenarios) and incremental_reforms
    aggregates, poverty, base = run_scenario(
        prepared, tuple(reforms), (), variants, intercepts, "baseline", keep_units=keep_units
    )
    advance_units, estimate = advances(prepared, base_system)
    repayments = [summarise_settlement(advance_units, unit_weights(prepared), base_system, year)]
    blank = {"baseline": prepared.blank}
    reasons = _reasons(prepared, "baseline")
    gezin = prepared.units["gezin"]
    fixed_line = prepared.social_minimum  # the baseline's social minimum: the same line in every scenario
    households = int(prepared.unit_ids["huishouden"].size)
    winners = []
    plans = {}
    for reform in scenarios:
        label = "+".join(reform) or "parametric"
        names = tuple(reforms) + tuple(reform)
        outcome = None
        if incremental_reforms:
            how = incremental.plan(prepared, estimate, base_system, system_for(names, tuple(parameters)), names)
            plans[label] = how
            if how.mode != "full":
                outcome = _incremental(
                    prepared, base, advance_units, how, names, parameters, variants, intercepts, label, fixed_line
                )
        if outcome is None:
            outcome = _full(table, year, names, parameters, variants, intercepts, label, fixed_line)
        aggregates += outcome.aggregates
        poverty += outcome.poverty
        repayments.append(outcome.repayments)
        blank[label] = outcome.blank
        reasons += outcome.reasons
        winners += [_winners_losers(gezin, base, outcome.result, v.name).assign(scenario=label) for v in variants]
    del prepared, estimate
    empty = pandas.DataFrame(columns=["group", *SUM_COLUMNS, "dimension", "variant", "scheme", "scenario"])
    result = ChunkResult(
        aggregates=pandas.concat(aggregates) if aggregates else empty,
        poverty=pandas.concat(poverty),
        blank=blank,
        reasons=pandas.DataFrame(reasons, columns=["scenario", "scheme", "parameter", "units", "units_n"]),
        households=households,
        winners=pandas.concat(winners) if winners else pandas.DataFrame(),
        repayments=pandas.concat(repayments),
        plans={label: (how.mode, how.reason) for label, how in plans.items()},
    )
    _release_memory()
    return result


#: glibc's mallopt parameters, and the values a task sets: arrays up to 32 MiB come from the heap, and the heap keeps
#: up to 256 MiB free between its own trims (:func:`_release_memory` trims after every chunk all the same).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_MMAP_BYTES, _TRIM_BYTES = 32 * 2**20, 256 * 2**20
_TUNED: list = []


def _tune_allocator() -> None:
    """Undo the allocator setting of Dask's nanny, once per process. The nanny starts every worker with
    ``MALLOC_TRIM_THRESHOLD_=65536``, which also fixes glibc's mmap threshold at 128 KiB: every large temporary
    array is then mapped and unmapped anew. Measured: a chunk's pass 1 took 2.3x the CPU time on a Dask worker
    (9.5 s against 4.1 s in the driver), and the same in one process with that variable set; with these two values
    set again, 4.1 s."""
    if _TUNED:
        return
    _TUNED.append(True)
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_BYTES)
        libc.mallopt(_M_TRIM_THRESHOLD, _TRIM_BYTES)
    except (OSError, AttributeError):  # not glibc: nothing to undo
        pass


def _release_memory() -> None:
    """Give the freed simulation arrays back to the system (glibc keeps them in its arenas otherwise: measured, the
    resident memory of a 475k-household run grew from 1.2 to 3.4 GB over 19 chunks without a Python-level leak)."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, Windows, musl): nothing to do
        pass
