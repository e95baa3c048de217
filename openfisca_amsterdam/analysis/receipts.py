"""Pass 2 of a population run on one prepared chunk: for each take-up variant of a scenario, the take-up model set
active with the calibrated intercepts (the cached arrays that read it forgotten), and the weighted sums of what the
rules' receipt variables (``X_ontvangen``) give, per scheme and group, with poverty and per-gezin money."""

from __future__ import annotations

import dataclasses

import numpy

from openfisca_amsterdam.analysis.aggregate import (
    DIMENSIONS,
    POVERTY_COLUMNS,
    SUM_COLUMNS,
    UnitFrame,
    _aggregate,
    _codes,
    _Scenario,
    money_total,
    person_poverty,
)
from openfisca_amsterdam.analysis.entitlements import Prepared, _any, _monthly, _yearly, determinant_roots
from openfisca_amsterdam.analysis.systems import MODEL_READERS, takeup_parameters, takeup_system
from openfisca_amsterdam.takeup.schemes import BY_NAME, SCHEMES
from openfisca_amsterdam.unit_coverage import collecting


def _set_takeup(prepared: Prepared, system, assumptions: tuple = (), refresh: bool = False) -> None:
    """Point the chunk's simulation at ``system`` (same rules, other take-up parameters) and forget every cached array
    that read the take-up model (found from OpenFisca's call stack, :class:`unit_coverage.DependencyTracer`)."""
    sim = prepared.simulation
    seed = system.parameters(f"{prepared.year}-01").niet_gebruik.model.seed
    same_assumptions = assumptions == getattr(prepared, "assumptions", ())
    # the draws depend on the seed and rho only: with the same ones, only what reads the intercepts is recomputed
    same_draws = seed == prepared.seed and same_assumptions and not refresh
    patterns = MODEL_READERS if not same_draws else MODEL_READERS[:1] + MODEL_READERS[2:]
    roots = [p.format(s.name) for s in SCHEMES if s.name in sim.tax_benefit_system.variables for p in patterns]
    if not same_assumptions or refresh:
        roots += determinant_roots(sim.tax_benefit_system)
    stale = sim.tracer.readers_of(roots)
    prepared.seed = seed
    prepared.assumptions = assumptions
    sim.tax_benefit_system = system
    for name in stale:
        if name in system.variables:
            sim.delete_arrays(name)


def _unit_frame(prepared, entity: str) -> UnitFrame:
    """A fresh frame of the entity's units with their weight and breakdown groups (the groups' codes computed once per
    chunk and entity, shared by every scheme's frame)."""
    known = prepared.__dict__.setdefault("_unit_frames", {})
    if entity not in known:
        units = prepared.units[entity]
        frame = UnitFrame({column: units[column].to_numpy() for column in (*DIMENSIONS, "gewicht")})
        for dimension in DIMENSIONS:
            _codes(frame, dimension)
        known[entity] = frame
    frame = UnitFrame(known[entity])
    frame.attrs = known[entity].attrs
    return frame


def _scheme_frame(prepared, scheme, e, received_months):
    got = (received_months > 0).any(axis=0) & ~e.not_covered
    recipient = e.eligible & got
    received = (
        numpy.where(recipient, e.amount, 0)
        if scheme.in_kind
        else numpy.where(e.not_covered, 0, received_months.sum(axis=0))
    )
    sim = prepared.simulation
    year = prepared.year
    automatic = _any(sim, scheme.automatic, scheme.period, year, e.eligible.size)
    granted = automatic | e.ambtshalve
    frame = _unit_frame(prepared, scheme.entity)
    w = frame["gewicht"]
    frame["eligible_units"] = w * e.eligible
    frame["eligible_n"] = e.eligible.astype(int)
    frame["recipients"] = w * recipient
    frame["recipients_n"] = recipient.astype(int)
    frame["entitled_eur"] = w * e.amount
    frame["unclaimed_eur"] = w * (e.amount - numpy.where(e.eligible, received, 0))
    frame["spending_eur"] = w * received
    frame["applications"] = w * (recipient & ~granted)
    frame["ambtshalve_reached"] = w * (e.eligible & e.ambtshalve)
    frame["wrongly_granted"] = w * (~e.raw_eligible & e.ambtshalve & ~e.not_covered)
    frame["not_covered_units"] = w * e.not_covered
    frame["not_covered_n"] = e.not_covered.astype(int)
    frame["candidate_units"] = w
    return frame, received


@dataclasses.dataclass
class VariantUnits:
    """One take-up variant on a chunk, per unit before summing: the frame of every scheme (SUM_COLUMNS and the
    breakdown dimensions), the poverty frame per gezin, and per gezin its money and whether it is below the norm."""

    schemes: dict  # scheme -> frame (aggregate.UnitFrame)
    poverty: UnitFrame
    money: dict
    below: numpy.ndarray


def variant_units(prepared, fixed_line=None) -> VariantUnits:
    """The current take-up variant on the prepared chunk, per unit (``fixed_line``: the baseline's social minimum per
    gezin, the same in every scenario)."""
    sim, year = prepared.simulation, prepared.year
    gezin = prepared.units["gezin"]
    money = {
        "netto": numpy.where(prepared.poverty_not_covered, numpy.nan, prepared.net)
        if prepared.net is not None
        else numpy.full(len(gezin), numpy.nan)
    }
    schemes = {}
    for name, e in prepared.entitled.items():
        scheme = BY_NAME[name]
        frame, received = _scheme_frame(prepared, scheme, e, _yearly(sim, scheme.receipt, scheme.period, year))
        if not scheme.in_kind:
            received = numpy.where(e.not_covered, numpy.nan, received)
            if scheme.entity == "gezin":
                money[name] = received
            else:  # a huishouden's payment counts for the gezin of its first bewoner
                per_gezin = numpy.zeros(len(gezin))
                per_gezin[prepared.first_gezin] = received
                money[name] = per_gezin
        schemes[name] = frame
    below = _below(prepared)
    below_full = _below(prepared, full=True)
    w = gezin["gewicht"].to_numpy()
    line = numpy.full(len(gezin), numpy.nan) if fixed_line is None else fixed_line
    persons = person_poverty(gezin, money_total(money), {"vast": line, "vast_diep": line / 2}, below)
    frame = _unit_frame(prepared, "gezin")
    frame.update(
        **persons,
        **_validation_counts(prepared, w),
        gezinnen=w,
        gezinnen_n=numpy.ones(len(gezin), dtype=numpy.int64),
        below_full_take_up=w * below_full,
        below_full_take_up_n=below_full,
        below_modelled=w * below,
        below_modelled_n=below,
    )
    return VariantUnits(schemes, frame, money, below)


def summarise(units: VariantUnits, variant: str, label: str):
    """The weighted sums of one variant's units: (aggregates per scheme, poverty)."""
    aggregates = [
        _aggregate(frame, SUM_COLUMNS, {"variant": variant, "scheme": name, "scenario": label})
        for name, frame in units.schemes.items()
    ]
    return aggregates, _aggregate(units.poverty, POVERTY_COLUMNS, {"variant": variant, "scenario": label})


def _validation_counts(prepared, w) -> dict:
    """Weighted persons of the Stadspas target group as O&S Amsterdam counts it (households without students whose
    every gezin is entitled) and of the gezinnen that receive the pass (validation.csv)."""
    gezin = prepared.units["gezin"]
    e = prepared.entitled.get("stadspas")
    older = w * gezin["ouderen"].to_numpy()
    if e is None:
        blank = numpy.full(len(gezin), numpy.nan)
        return {
            "stadspas_doelgroep_os_persons": blank,
            "stadspas_houders_persons": blank,
            "aow_leeftijd_persons": older,
        }
    household = gezin["huishouden"].to_numpy()
    blocked = numpy.bincount(household, ~e.eligible | gezin["student"].to_numpy())
    target = e.eligible & (blocked[household] == 0)
    received = (_yearly(prepared.simulation, "stadspas_ontvangen", "month", prepared.year) > 0).any(axis=0)
    persons = w * gezin["personen"].to_numpy()
    return {
        "stadspas_doelgroep_os_persons": persons * target,
        "stadspas_houders_persons": persons * received,
        "aow_leeftijd_persons": older,
    }


def _below(prepared, full=False):
    """Gezinnen whose yearly net income plus bijstand/AIO (received, or entitled with ``full``) stays below their
    yearly bijstandsnorm; NaN where a rule it needs is not covered."""
    if prepared.norm is None:
        return numpy.full(len(prepared.units["gezin"]), numpy.nan)
    sim, year = prepared.simulation, prepared.year
    support = numpy.zeros(len(prepared.units["gezin"]))
    for name in ("bijstand", "aio"):
        if name in prepared.entitled:
            support += prepared.entitled[name].amount if full else _monthly(sim, f"{name}_ontvangen", year).sum(axis=0)
    below = (prepared.net + support < prepared.norm - 12).astype(float)
    return numpy.where(prepared.poverty_not_covered, numpy.nan, below)


def run_scenario(
    prepared: Prepared,
    reforms: tuple,
    parameters: tuple,
    variants,
    intercepts: dict,
    label: str,
    fixed_line=None,
    keep_units: bool = False,
    refresh: bool = False,
):
    """Every take-up variant of one scenario on a prepared chunk; the fixed poverty line is the chunk's own social
    minimum unless the baseline's is given (``fixed_line``). ``keep_units``: the per-unit results of each variant are
    kept in ``result.units`` (for incremental scenarios). ``refresh``: the system's take-up parameters differ from
    those the cached take-up layer was computed with (a scenario that changes only take-up parameters)."""
    if fixed_line is None:
        fixed_line = prepared.social_minimum
    aggregates, poverty, result = [], [], _Scenario()
    for variant in variants:
        alphas = {
            name: intercepts[(variant.name, name)] for name in prepared.entitled if (variant.name, name) in intercepts
        }
        takeup = takeup_parameters(variant.seed, alphas) + variant.overrides
        system = takeup_system(tuple(reforms), tuple(parameters), takeup)
        _set_takeup(prepared, system, variant.assumptions, refresh)
        refresh = False
        with collecting(prepared.simulation):
            units = variant_units(prepared, fixed_line)
        agg, pov = summarise(units, variant.name, label)
        aggregates += agg
        poverty.append(pov)
        result.income[variant.name], result.below[variant.name] = units.money, units.below
        if keep_units:
            result.units[variant.name] = units
    return aggregates, poverty, result
