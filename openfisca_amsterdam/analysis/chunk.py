"""One chunk of households through the rules: entitlements (pass 1), then receipts under the calibrated take-up model
(pass 2), returned as weighted sums per scheme and group.

Pass 1 (:func:`prepare`) builds the chunk's simulation, computes every scheme's entitlement for the 12 months of the
year with per-unit coverage (:mod:`openfisca_amsterdam.unit_coverage`) and returns what the calibration needs
(:class:`CalibrationData`). Pass 2 (:func:`run_chunk`) sets the take-up model active with the intercepts calibrated
on the whole population, as a parametric reform, and sums what the rules' receipt variables (``X_ontvangen``) give.
The simulation of pass 1 is kept for pass 2 in this process (:data:`_KEPT`); after each take-up variant, OpenFisca's
tracer tells which cached arrays read the take-up model and are recomputed. A chunk whose simulation is not kept
(another Dask worker, or memory) is rebuilt: same numbers.
"""

from __future__ import annotations

import dataclasses
import functools

import numpy
import pandas

from openfisca_amsterdam.analysis.simulation import build
from openfisca_amsterdam.coverage import NotCoveredError, describe
from openfisca_amsterdam.formula_helpers import latent_uniform, takeup_propensity
from openfisca_amsterdam.takeup.schemes import BY_NAME, SCHEMES
from openfisca_amsterdam.unit_coverage import UnitCoverage, collecting

DIMENSIONS = ("totaal", "huishoudtype", "leeftijdsgroep", "inkomensdeciel")
SUM_COLUMNS = [
    "eligible_units",
    "eligible_n",
    "recipients",
    "recipients_n",
    "entitled_eur",
    "unclaimed_eur",
    "spending_eur",
    "applications",
    "ambtshalve_reached",
    "wrongly_granted",
    "not_covered_units",
    "not_covered_n",
    "candidate_units",
]
WINNER_COLUMNS = ["gezinnen", "winners", "winners_n", "losers", "losers_n", "gain_eur", "loss_eur", "below_change"]
POVERTY_COLUMNS = [
    "gezinnen",
    "gezinnen_n",
    "below_full_take_up",
    "below_full_take_up_n",
    "below_modelled",
    "below_modelled_n",
]
#: The variables through which the take-up model enters the rules: everything that reads one of them is recomputed
#: when the take-up variant changes.
MODEL_READERS = ("neemt_{}_op", "{}_gebruiksneiging", "{}_kans_niet_gebruik")


@functools.lru_cache(maxsize=16)
def system_for(reform_key: tuple = (), parameters: tuple = ()):
    """The tax-benefit system (one per process, reform combination and parametric change).

    ``parameters``: ((path, "YYYY-MM-DD", value), ...) applied last, validated.
    """
    from openfisca_amsterdam import CountryTaxBenefitSystem

    system = CountryTaxBenefitSystem()
    if reform_key or parameters:
        from openfisca_amsterdam.reforms_registry import apply_reforms

        changes: dict = {}
        for path, date, value in parameters:
            changes.setdefault(path, {})[date] = value
        system = apply_reforms(system, list(reform_key), changes or None)
    return system


@functools.lru_cache(maxsize=64)
def takeup_system(reform_key: tuple, parameters: tuple, takeup: tuple):
    """``system_for(reform_key, parameters)`` with the take-up model active: ``takeup`` = ((path, value), ...)."""
    from openfisca_amsterdam.reforms_registry import parametric_reform

    base = system_for(reform_key, parameters)
    return parametric_reform(base, {path: {"2000-01-01": value} for path, value in takeup}, name="takeup")


def takeup_parameters(seed: int, intercepts: dict) -> tuple:
    """The parametric reform that sets the take-up model of a population run: active, seed, intercepts."""
    items = [("niet_gebruik.model.actief", True), ("niet_gebruik.model.seed", int(seed))]
    items += [(f"niet_gebruik.model.intercept.{name}", float(alpha)) for name, alpha in sorted(intercepts.items())]
    return tuple(items)


# --- Pass 1: entitlements with per-unit coverage ----------------------------------------------------------------------


@dataclasses.dataclass
class Entitlement:
    """One scheme on one chunk (per unit of the scheme's entity, in OpenFisca's order of that entity)."""

    eligible: numpy.ndarray  # entitled in some month (covered units only)
    raw_eligible: numpy.ndarray  # entitled in some month, whatever the coverage (as the rules see it)
    amount: numpy.ndarray  # euros per year (a scheme in kind: its yearly value, or 0)
    not_covered: numpy.ndarray
    automatic: numpy.ndarray  # granted without a claim under current policy, with everyone claiming (pass 1)
    ambtshalve: numpy.ndarray
    kenmerken: numpy.ndarray  # the unit's determinants without the bijstandsontvanger term
    reasons: dict  # parameter description -> units that needed it


@dataclasses.dataclass
class Prepared:
    table: pandas.DataFrame
    simulation: object
    coverage: UnitCoverage
    units: dict  # entity -> frame (weight, groups)
    unit_ids: dict
    household_of: dict
    first_gezin: numpy.ndarray
    entitled: dict  # scheme -> Entitlement
    blank: dict  # scheme -> reason (the law missing for the whole chunk)
    norm: numpy.ndarray | None
    net: numpy.ndarray | None
    poverty_not_covered: numpy.ndarray
    year: int = 0
    seed: int | None = None  # the take-up seed of the system the cached take-up arrays were computed with


def _yearly(sim, name, period, year):
    """(12, units) for a MONTH scheme, (1, units) for a YEAR scheme."""
    if period == "year":
        return numpy.asarray(sim.calculate(name, str(year)), dtype=float)[None, :]
    return _monthly(sim, name, year)


def _monthly(sim, name, year):
    return numpy.stack([numpy.asarray(sim.calculate(name, f"{year}-{m:02d}"), dtype=float) for m in range(1, 13)])


def _groups(sim, table, year, firsts):
    """Per gezin: weight, household and the groups of the breakdowns."""
    january = f"{year}-01"
    gezin_of_person = numpy.unique(table["gezin_id"].to_numpy(), return_inverse=True)[1]
    hh_of_person = numpy.unique(table["huishouden_id"].to_numpy(), return_inverse=True)[1]
    age = numpy.asarray(sim.calculate("leeftijd", january))
    adult = table["rol"].to_numpy() == "volwassene"
    eldest = numpy.zeros(firsts["gezin"].size)
    numpy.maximum.at(eldest, gezin_of_person, numpy.where(adult, age, 0))
    adults = numpy.asarray(sim.calculate("aantal_volwassenen", january))
    kids = numpy.asarray(sim.calculate("heeft_kinderen", january))
    aow_age = numpy.asarray(sim.calculate("heeft_aow_leeftijd", january))
    oldest_aow = numpy.zeros(firsts["gezin"].size, bool)
    numpy.logical_or.at(oldest_aow, gezin_of_person, adult & aow_age)
    rows = firsts["gezin"]
    return pandas.DataFrame(
        {
            "gewicht": table["gewicht"].to_numpy()[rows],
            "huishouden": hh_of_person[rows],
            "huishoudtype": numpy.select(
                [(adults == 1) & ~kids, (adults == 1) & kids, (adults == 2) & ~kids],
                ["alleenstaande", "alleenstaande ouder", "paar zonder kinderen"],
                "paar met kinderen",
            ),
            "leeftijdsgroep": numpy.select(
                [oldest_aow, eldest < 27, eldest < 50], ["AOW-leeftijd", "18-26", "27-49"], "50-AOW"
            ),
            "inkomensdeciel": table["_deciel"].to_numpy()[rows] if "_deciel" in table else 0,
            "totaal": "alle",
        }
    ), gezin_of_person


def _unit_mask(sim, entity, persons):
    """Units of ``entity`` with at least one of ``persons``."""
    population = sim.populations[entity]
    return numpy.bincount(population.members_entity_id, persons, population.count) > 0


def _not_covered(sim, coverage, entity, names):
    mask = numpy.zeros(sim.populations["persoon"].count, bool)
    reasons: dict = {}
    for name in names:
        persons, uses = coverage.persons_not_covered(name)
        mask |= persons
        for use in uses:
            reasons.setdefault(describe(use.error), numpy.zeros_like(mask))
            reasons[describe(use.error)] |= use.persons
    return _unit_mask(sim, entity, mask), {k: _unit_mask(sim, entity, v) for k, v in reasons.items()}


def _entitlement(sim, coverage, scheme, year):
    months = _yearly(sim, scheme.name, scheme.period, year)
    value = (
        numpy.asarray(sim.calculate(scheme.value_per_year, str(year)), dtype=float) if scheme.value_per_year else None
    )
    kenmerken = numpy.asarray(sim.calculate(f"{scheme.name}_niet_gebruik_kenmerken", str(year)), dtype=float)
    automatic = _any(sim, scheme.automatic, scheme.period, year, months.shape[1])
    ambtshalve = _any(sim, scheme.ambtshalve, scheme.period, year, months.shape[1])
    names = [scheme.name] + ([scheme.value_per_year] if scheme.value_per_year else [])
    not_covered, reasons = _not_covered(sim, coverage, scheme.entity, names)
    raw = (months > 0).any(axis=0)
    # the determinants matter only for a unit that is entitled (they decide whether it claims)
    determinants, why = _not_covered(sim, coverage, scheme.entity, [f"{scheme.name}_niet_gebruik_kenmerken"])
    not_covered |= determinants & raw
    for reason, mask in why.items():
        reasons[reason] = reasons.get(reason, numpy.zeros_like(mask)) | (mask & raw)
    if scheme.in_kind:
        amount = value if value is not None else numpy.zeros(months.shape[1])
    else:
        amount = months.sum(axis=0)
    return Entitlement(
        raw & ~not_covered,
        raw,
        numpy.where(not_covered, 0, amount),
        not_covered,
        automatic & ~not_covered,
        ambtshalve,
        kenmerken,
        reasons,
    )


def _any(sim, name, period, year, size):
    if not name:
        return numpy.zeros(size, bool)
    return (_yearly(sim, name, period, year) > 0).any(axis=0)


def _grant_ambtshalve(sim, table, system, year, registered: dict, blank: dict):
    """Automatic-grant reforms: compute each scheme on registered income (inputs ``lag`` years back) and grant it
    ambtshalve for the whole year to the units that this gives a right (not to units whose right is not covered)."""
    for lag in sorted(set(registered.values())):
        reg, _ = build(table, system, year, lag=lag)
        with collecting(reg) as coverage:
            for name in (n for n, lg in registered.items() if lg == lag):
                scheme = BY_NAME[name]
                try:
                    values = _yearly(reg, name, scheme.period, year)
                except NotCoveredError as error:
                    blank[name] = "registered-income grant: " + describe(error)
                    continue
                granted = (values > 0).any(axis=0) & ~_not_covered(reg, coverage, scheme.entity, [name])[0]
                periods = [str(year)] if scheme.period == "year" else [f"{year}-{m:02d}" for m in range(1, 13)]
                for period in periods:
                    sim.set_input(scheme.ambtshalve, period, granted)


def prepare(table: pandas.DataFrame, year: int, reforms: tuple = (), parameters: tuple = ()) -> Prepared:
    """Pass 1 on a chunk: the simulation of ``system_for(reforms, parameters)`` and every scheme's entitlement."""
    from openfisca_amsterdam.reforms_registry import registered_income

    system = system_for(tuple(reforms), tuple(parameters))
    sim, firsts = build(table, system, year)
    blank: dict = {}
    with collecting(sim) as coverage:
        if reforms:
            _grant_ambtshalve(sim, table, system, year, registered_income(reforms), blank)
        gezin, gezin_of_person = _groups(sim, table, year, firsts)
        first_gezin = gezin_of_person[firsts["huishouden"]]
        units = {"gezin": gezin, "huishouden": gezin.iloc[first_gezin].reset_index(drop=True)}
        hh_ids = numpy.unique(table["huishouden_id"].to_numpy())
        unit_ids = {"gezin": numpy.unique(table["gezin_id"].to_numpy()), "huishouden": hh_ids}
        household_of = {"gezin": hh_ids[gezin["huishouden"].to_numpy()], "huishouden": hh_ids}
        entitled = {}
        for scheme in SCHEMES:
            if scheme.name not in system.variables or scheme.name in blank:
                continue
            try:
                entitled[scheme.name] = _entitlement(sim, coverage, scheme, year)
            except NotCoveredError as error:
                blank[scheme.name] = describe(error)
        try:
            norm = _monthly(sim, "bijstandsnorm", year).sum(axis=0)
            net = _monthly(sim, "gezin_netto_inkomen", year).sum(axis=0)
            poverty_nc = _not_covered(
                sim, coverage, "gezin", ["bijstandsnorm", "gezin_netto_inkomen", "bijstand", "aio"]
            )[0]
        except NotCoveredError:
            norm = net = None
            poverty_nc = numpy.ones(len(gezin), bool)
    return Prepared(
        table, sim, coverage, units, unit_ids, household_of, first_gezin, entitled, blank, norm, net, poverty_nc, year
    )


# --- Calibration data: what the whole-population calibration needs from a chunk ----------------------------------------


@dataclasses.dataclass
class CalibrationData:
    """Per (seed, scheme): the eligible, covered units' propensities without the bijstand term and their weights."""

    frames: dict  # (seed, scheme) -> DataFrame[z, w, automatic, ambtshalve, bijstand_eligible, bijstand_z]
    households: int


def calibration_data(prepared: Prepared, seeds, rho: float) -> CalibrationData:
    """The entitled, covered units of each scheme with their propensity per seed (draws only for those units)."""
    frames = {}
    bijstand = prepared.entitled.get("bijstand")
    for seed in sorted(set(seeds)):
        for name, e in prepared.entitled.items():
            scheme = BY_NAME[name]
            rows = numpy.flatnonzero(e.eligible)
            ids = prepared.unit_ids[scheme.entity][rows]
            u = latent_uniform(ids, prepared.household_of[scheme.entity][rows], name, seed, rho)
            gezin_rows = rows if scheme.entity == "gezin" else prepared.first_gezin[rows]
            frame = pandas.DataFrame(
                {
                    "z": takeup_propensity(u, e.kenmerken[rows]),
                    "w": prepared.units[scheme.entity]["gewicht"].to_numpy()[rows],
                    "automatic": e.automatic[rows],
                    "ambtshalve": e.ambtshalve[rows],
                    "id": ids,
                    "bijstand_eligible": bijstand.raw_eligible[gezin_rows] if bijstand is not None else False,
                    "bijstand_z": 0.0,
                }
            )
            if bijstand is not None:
                linked = frame["bijstand_eligible"].to_numpy()
                g = gezin_rows[linked]
                u_b = latent_uniform(
                    prepared.unit_ids["gezin"][g], prepared.household_of["gezin"][g], "bijstand", seed, rho
                )
                frame.loc[linked, "bijstand_z"] = takeup_propensity(u_b, bijstand.kenmerken[g])
            frames[(seed, name)] = frame
    return CalibrationData(frames, int(prepared.unit_ids["huishouden"].size))


# --- Pass 2: receipts under the calibrated take-up model ----------------------------------------------------------------


def _set_takeup(prepared: Prepared, system) -> None:
    """Point the chunk's simulation at ``system`` (same rules, other take-up parameters) and forget every cached array
    that read the take-up model (found from OpenFisca's call stack, :class:`unit_coverage.DependencyTracer`)."""
    sim = prepared.simulation
    seed = system.parameters(f"{prepared.year}-01").niet_gebruik.model.seed
    # the draws depend on the seed only: with the same seed, only what reads the intercepts is recomputed
    patterns = MODEL_READERS if seed != prepared.seed else MODEL_READERS[:1] + MODEL_READERS[2:]
    roots = [p.format(s.name) for s in SCHEMES if s.name in sim.tax_benefit_system.variables for p in patterns]
    stale = sim.tracer.readers_of(roots)
    prepared.seed = seed
    sim.tax_benefit_system = system
    for name in stale:
        if name in system.variables:
            sim.delete_arrays(name)


@dataclasses.dataclass
class _Scenario:
    income: dict = dataclasses.field(
        default_factory=dict
    )  # variant -> {component: gezin euros per year, NaN: not covered}
    below: dict = dataclasses.field(default_factory=dict)  # variant -> gezin below the social minimum (0/1/NaN)
    covered: dict = dataclasses.field(default_factory=dict)  # variant -> gezin whose money is covered


def _codes(frame, dimension):
    """(group code per unit, sorted group labels as text) of a breakdown dimension, computed once per frame."""
    cache = frame.attrs.setdefault("_codes", {})
    if dimension not in cache:
        codes, labels = pandas.factorize(frame[dimension], sort=True)
        cache[dimension] = (codes, pandas.Index(labels).astype(str))
    return cache[dimension]


def _aggregate(frame, columns, keys):
    """Weighted sums of ``columns`` per group of every dimension (numpy bincount: no per-scheme pandas groupby). With
    ``columns`` other than SUM_COLUMNS a group whose values are all NaN stays NaN (pandas' ``min_count=1``)."""
    skip_nan = columns is not SUM_COLUMNS
    out = []
    for dimension in DIMENSIONS:
        codes, labels = _codes(frame, dimension)
        data = {"group": labels}
        for column in columns:
            values = frame[column].to_numpy()
            if skip_nan:
                valid = ~numpy.isnan(values.astype(float))
                sums = numpy.bincount(codes, numpy.where(valid, values, 0), len(labels))
                sums[numpy.bincount(codes, valid, len(labels)) == 0] = numpy.nan
            else:
                sums = numpy.bincount(codes, values, len(labels))
            counts = column.endswith("_n") and frame[column].dtype.kind in "iub"
            data[column] = sums.round().astype(numpy.int64) if counts else sums
        out.append(pandas.DataFrame(data).assign(dimension=dimension, **keys))
    return pandas.concat(out)


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
    frame = prepared.units[scheme.entity].copy()
    w = frame["gewicht"].to_numpy()
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


def _variant(prepared, variant, label):
    """Aggregates, poverty and per-gezin money of one take-up variant on the prepared chunk."""
    sim, year = prepared.simulation, prepared.year
    gezin = prepared.units["gezin"]
    money = {
        "netto": numpy.where(prepared.poverty_not_covered, numpy.nan, prepared.net)
        if prepared.net is not None
        else numpy.full(len(gezin), numpy.nan)
    }
    aggregates = []
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
        aggregates.append(_aggregate(frame, SUM_COLUMNS, {"variant": variant.name, "scheme": name, "scenario": label}))
    below = _below(prepared)
    below_full = _below(prepared, full=True)
    w = gezin["gewicht"].to_numpy()
    frame = gezin.assign(
        gezinnen=w,
        gezinnen_n=1,
        below_full_take_up=w * below_full,
        below_full_take_up_n=below_full,
        below_modelled=w * below,
        below_modelled_n=below,
    )
    poverty = _aggregate(frame, POVERTY_COLUMNS, {"variant": variant.name, "scenario": label})
    return aggregates, poverty, money, below


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


def run_scenario(prepared: Prepared, reforms: tuple, parameters: tuple, variants, intercepts: dict, label: str):
    """Every take-up variant of one scenario on a prepared chunk."""
    aggregates, poverty, result = [], [], _Scenario()
    for variant in variants:
        alphas = {
            name: intercepts[(variant.name, name)] for name in prepared.entitled if (variant.name, name) in intercepts
        }
        system = takeup_system(tuple(reforms), tuple(parameters), takeup_parameters(variant.seed, alphas))
        _set_takeup(prepared, system)
        with collecting(prepared.simulation):
            agg, pov, money, below = _variant(prepared, variant, label)
        aggregates += agg
        poverty.append(pov)
        result.income[variant.name], result.below[variant.name] = money, below
    return aggregates, poverty, result


def money_change(base: dict, reform: dict) -> numpy.ndarray:
    """Per gezin: the change in yearly money (net income plus received money schemes), over the components covered for
    the gezin in both scenarios (a scheme that exists in one scenario only counts as 0 in the other)."""
    change = numpy.zeros_like(base["netto"])
    for name in set(base) | set(reform):
        before = base.get(name, numpy.zeros_like(change))
        after = reform.get(name, numpy.zeros_like(change))
        both = ~numpy.isnan(before) & ~numpy.isnan(after)
        change += numpy.where(both, numpy.nan_to_num(after) - numpy.nan_to_num(before), 0)
    return numpy.where(numpy.isnan(base["netto"]) | numpy.isnan(reform["netto"]), numpy.nan, change)


def money_total(money: dict) -> numpy.ndarray:
    """Per gezin: net income plus the received money schemes covered for it (NaN when net income is not covered)."""
    total = money["netto"].copy()
    for name, value in money.items():
        if name != "netto":
            total += numpy.nan_to_num(value)
    return total


def _winners_losers(gezin, base: _Scenario, reform: _Scenario, variant: str, tolerance: float = 1.0):
    change = money_change(base.income[variant], reform.income[variant])
    covered = ~numpy.isnan(change)
    change = numpy.nan_to_num(change)
    w = gezin["gewicht"].to_numpy() * covered
    frame = gezin.assign(
        gezinnen=w,
        winners=w * (change > tolerance),
        winners_n=(covered & (change > tolerance)).astype(int),
        losers=w * (change < -tolerance),
        losers_n=(covered & (change < -tolerance)).astype(int),
        gain_eur=w * numpy.where(change > tolerance, change, 0),
        loss_eur=w * numpy.where(change < -tolerance, change, 0),
        below_change=w * numpy.nan_to_num(reform.below[variant] - base.below[variant]),
    )
    return _aggregate(frame, WINNER_COLUMNS, {"variant": variant})


@dataclasses.dataclass
class ChunkResult:
    aggregates: pandas.DataFrame
    poverty: pandas.DataFrame
    blank: dict  # scenario -> scheme -> reason
    reasons: pandas.DataFrame  # scenario, scheme, parameter, units (weighted), units_n
    households: int
    winners: pandas.DataFrame


def _reasons(prepared, label):
    rows = []
    for name, e in prepared.entitled.items():
        w = prepared.units[BY_NAME[name].entity]["gewicht"].to_numpy()
        for reason, mask in e.reasons.items():
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


def prune(prepared: Prepared) -> None:
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
    layer = tracer.readers_of(_model_roots(system))
    frontier = {callee for caller, callee in tracer.edges if caller in layer and callee not in layer}
    computed = {name for edge in tracer.edges for name in edge}
    # what pass 2 recomputes in any case (it forgets these before its first variant): the receipts and claims, which
    # were computed at the top level and so appear in no edge as a callee
    recomputed = tracer.readers_of(
        [p.format(s.name) for s in SCHEMES if s.name in system.variables for p in MODEL_READERS[:1] + MODEL_READERS[2:]]
    )
    for variable in (computed - frontier) | recomputed:
        if variable in system.variables and system.variables[variable].formulas:
            sim.delete_arrays(variable)


def pass1(key, table, year, seeds, rho, reforms=(), keep_simulation=True) -> CalibrationData:
    """Pass 1 as a task: prepare the chunk, keep it (pruned) for pass 2 when allowed, return its calibration data."""
    prepared = prepare(table, year, tuple(reforms))
    data = calibration_data(prepared, seeds, rho)
    if keep_simulation:
        prune(prepared)
        keep(key, prepared)
    else:
        del prepared
    _release_memory()
    return data


def run_chunk(
    key,
    table: pandas.DataFrame,
    year: int,
    variants,
    intercepts: dict,
    reforms: tuple = (),
    scenarios: tuple = (),
    parameters: tuple = (),
) -> ChunkResult:
    """Pass 2 for one chunk: the baseline (``reforms`` applied, normally none) and each scenario of ``scenarios`` (a
    tuple of reform-name tuples; ``parameters`` apply to every scenario; an empty tuple is the parametric change alone)
    with the same draws and the baseline's intercepts."""
    prepared = _KEPT.pop(key, None)
    if prepared is None:
        prepared = prepare(table, year, tuple(reforms))
    aggregates, poverty, base = run_scenario(prepared, tuple(reforms), (), variants, intercepts, "baseline")
    blank = {"baseline": prepared.blank}
    reasons = _reasons(prepared, "baseline")
    gezin = prepared.units["gezin"]
    households = int(prepared.unit_ids["huishouden"].size)
    del prepared
    winners = []
    for reform in scenarios:
        label = "+".join(reform) or "parametric"
        scenario = prepare(table, year, tuple(reforms) + tuple(reform), tuple(parameters))
        agg, pov, result = run_scenario(
            scenario, tuple(reforms) + tuple(reform), tuple(parameters), variants, intercepts, label
        )
        aggregates += agg
        poverty += pov
        blank[label] = scenario.blank
        reasons += _reasons(scenario, label)
        winners += [_winners_losers(gezin, base, result, v.name).assign(scenario=label) for v in variants]
        del scenario
    empty = pandas.DataFrame(columns=["group", *SUM_COLUMNS, "dimension", "variant", "scheme", "scenario"])
    result = ChunkResult(
        aggregates=pandas.concat(aggregates) if aggregates else empty,
        poverty=pandas.concat(poverty),
        blank=blank,
        reasons=pandas.DataFrame(reasons, columns=["scenario", "scheme", "parameter", "units", "units_n"]),
        households=households,
        winners=pandas.concat(winners) if winners else pandas.DataFrame(),
    )
    _release_memory()
    return result


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
