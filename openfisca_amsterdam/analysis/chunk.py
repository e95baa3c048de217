"""One chunk of households through the rules and the take-up model: a pure function returning sums.

``run_chunk(table, year, variants, intercepts)`` builds the simulation of a chunk, computes every scheme's
entitlement for the 12 months of the year, draws the claims per take-up variant and returns weighted sums per
scheme and group. Totals are sums of chunk results, so the local run and the Dask run give the same numbers.
"""

from __future__ import annotations

import dataclasses
import functools

import numpy
import pandas

from openfisca_amsterdam.analysis.simulation import build
from openfisca_amsterdam.coverage import NotCoveredError
from openfisca_amsterdam.takeup import model
from openfisca_amsterdam.takeup.schemes import BY_NAME, CLAIM_DEPENDENT, SCHEMES

DIMENSIONS = ("totaal", "huishoudtype", "leeftijdsgroep", "inkomensdeciel")
SUM_COLUMNS = ["eligible_units", "eligible_n", "recipients", "recipients_n", "entitled_eur", "unclaimed_eur", "spending_eur",
               "applications", "ambtshalve_reached", "wrongly_granted"]
WINNER_COLUMNS = ["gezinnen", "winners", "winners_n", "losers", "losers_n", "gain_eur", "loss_eur", "below_change"]
POVERTY_COLUMNS = ["gezinnen", "gezinnen_n", "below_full_take_up", "below_full_take_up_n", "below_modelled", "below_modelled_n"]


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


@dataclasses.dataclass
class ChunkResult:
    aggregates: pandas.DataFrame
    poverty: pandas.DataFrame
    intercepts: dict
    not_covered: dict
    households: int
    winners: pandas.DataFrame


def _months(year):
    return [f"{year}-{m:02d}" for m in range(1, 13)]


def _values(sim, name, period, year):
    """(12, units) for a MONTH scheme, (1, units) for a YEAR scheme."""
    if period == "year":
        return numpy.asarray(sim.calculate(name, str(year)), dtype=float)[None, :]
    return _monthly(sim, name, year)


def _monthly(sim, name, year):
    return numpy.stack([numpy.asarray(sim.calculate(name, month), dtype=float) for month in _months(year)])


def _groups(sim, table, year, firsts):
    """Per gezin: weight, household, groups for the breakdowns and the determinants of take-up."""
    january = f"{year}-01"
    gezin_ids, gezin_of_person = numpy.unique(table["gezin_id"].to_numpy(), return_inverse=True)
    hh_ids, hh_of_person = numpy.unique(table["huishouden_id"].to_numpy(), return_inverse=True)
    age = numpy.asarray(sim.calculate("leeftijd", january))
    adult = table["rol"].to_numpy() == "volwassene"
    eldest = numpy.zeros(gezin_ids.size)
    numpy.maximum.at(eldest, gezin_of_person, numpy.where(adult, age, 0))
    adults = numpy.asarray(sim.calculate("aantal_volwassenen", january))
    kids = numpy.asarray(sim.calculate("heeft_kinderen", january))
    profit = numpy.zeros(gezin_ids.size)
    numpy.add.at(profit, gezin_of_person, numpy.asarray(sim.calculate("winst_uit_onderneming", str(year))))
    rows = firsts["gezin"]
    gezin = pandas.DataFrame({
        "gewicht": table["gewicht"].to_numpy()[rows],
        "huishouden": hh_of_person[rows],
        "huishoudtype": numpy.select([(adults == 1) & ~kids, (adults == 1) & kids, (adults == 2) & ~kids],
                                     ["alleenstaande", "alleenstaande ouder", "paar zonder kinderen"], "paar met kinderen"),
        "leeftijdsgroep": numpy.select([eldest < 27, eldest < 50, eldest < 67], ["18-26", "27-49", "50-66"], "67+"),
        "inkomensdeciel": table["_deciel"].to_numpy()[rows] if "_deciel" in table else 0,
        "totaal": "alle",
    })
    determinants = {"jong": eldest < 27, "zelfstandige": profit > 0, "alleenstaande_ouder": (adults == 1) & kids}
    try:
        norm = _monthly(sim, "bijstandsnorm", year).sum(axis=0)
        net = _monthly(sim, "gezin_netto_inkomen", year).sum(axis=0)
        determinants["inkomen"] = numpy.clip(net / numpy.maximum(norm, 1), 0, 3)
    except NotCoveredError:  # income relative to the norm unknown: the determinant is left out, poverty not computed
        norm = net = None
    # a huishouden takes the groups and determinants of the gezin of its first bewoner
    first_gezin = gezin_of_person[firsts["huishouden"]]
    return gezin, determinants, first_gezin, norm, net, hh_ids


def _aggregate(frame, variant, scheme):
    out = []
    for dimension in DIMENSIONS:
        grouped = frame.groupby(dimension, sort=True)[SUM_COLUMNS].sum()
        grouped.index = grouped.index.astype(str)
        out.append(grouped.reset_index(names="group").assign(dimension=dimension))
    return pandas.concat(out).assign(variant=variant, scheme=scheme)


def _entitlements(sim, system, year):
    """{scheme: (eligible, amount per year, average monthly amount when eligible)} and {scheme: not-covered reason}."""
    entitled, not_covered = {}, {}
    for scheme in SCHEMES:
        if scheme.name not in system.variables:
            continue
        try:
            months = _values(sim, scheme.name, scheme.period, year)
            value = numpy.asarray(sim.calculate(scheme.value_per_year, str(year)), dtype=float) if scheme.value_per_year else None
        except NotCoveredError as error:
            not_covered[scheme.name] = _reason(error)
            continue
        amount = months.sum(axis=0) if not scheme.in_kind else (value if value is not None else numpy.zeros(months.shape[1]))
        eligible = (months > 0).any(axis=0)
        per_month = numpy.where(eligible, amount / (numpy.maximum((months > 0).sum(axis=0), 1) if scheme.period == "month" else 12), 0)
        entitled[scheme.name] = (eligible, amount, per_month)
    return entitled, not_covered


def _reason(error) -> str:
    gap = not error.last_covered or error.last_covered >= str(error.instant_str)
    known = f"no verified value on {error.instant_str}" if gap else f"verified up to {error.last_covered}"
    return f"parameter {error.parameter} ({known})"


def _grant_ambtshalve(sim, table, system, year, registered: dict, not_covered: dict):
    """Automatic-grant reforms: compute each scheme on registered income (inputs ``lag`` years back) and grant it
    ambtshalve for the whole year to the units that this gives a right."""
    for lag in sorted(set(registered.values())):
        reg, _ = build(table, system, year, lag=lag)
        for name in (n for n, l in registered.items() if l == lag):
            scheme = BY_NAME[name]
            try:
                granted = (_values(reg, name, scheme.period, year) > 0).any(axis=0)
            except NotCoveredError as error:
                not_covered[name] = "registered-income grant: " + _reason(error)
                continue
            if scheme.period == "year":
                sim.set_input(scheme.ambtshalve, str(year), granted)
            else:
                for month in _months(year):
                    sim.set_input(scheme.ambtshalve, month, granted)


@dataclasses.dataclass
class _Scenario:
    """What one scenario (baseline or a reform) gives per unit, for the comparison with the baseline."""

    income: dict = dataclasses.field(default_factory=dict)  # variant -> gezin money per year (net + received)
    below: dict = dataclasses.field(default_factory=dict)  # variant -> gezin below the social minimum (0/1/NaN)


def _scenario(table, year, variants, intercepts, reforms, whole_population, shared, parameters=()):
    """Rules and take-up of one scenario on the chunk: (aggregates, poverty, not covered, per-unit results)."""
    from openfisca_amsterdam.reforms_registry import registered_income

    system = system_for(tuple(reforms), tuple(parameters))
    sim, firsts = build(table, system, year)
    if shared is None:
        shared = _groups(sim, table, year, firsts)
    gezin, det_gezin, first_gezin, norm, net, hh_ids = shared
    units = {"gezin": gezin, "huishouden": gezin.iloc[first_gezin].reset_index(drop=True)}
    unit_ids = {"gezin": numpy.unique(table["gezin_id"].to_numpy()), "huishouden": hh_ids}
    household_of = {"gezin": hh_ids[gezin["huishouden"].to_numpy()], "huishouden": hh_ids}
    coefficients = system.parameters(f"{year}-01").niet_gebruik.determinanten
    rates = system.parameters(f"{year}-01").niet_gebruik

    entitled, not_covered = _entitlements(sim, system, year)
    if reforms:
        _grant_ambtshalve(sim, table, system, year, registered_income(reforms), not_covered)
    below_full = _below(sim, year, norm, net, len(gezin))
    aggregates, poverty, per_unit = [], [], _Scenario()
    for variant in variants:
        # forget what was computed with the previous claims (the full take-up view first)
        for name in (*CLAIM_DEPENDENT, *(s.claim for s in SCHEMES)):
            if name in system.variables:
                sim.delete_arrays(name)
        rho = coefficients.latente_correlatie
        receives_bijstand = None
        for stage in (0, 1):
            for scheme in (s for s in SCHEMES if s.stage == stage and s.name in entitled):
                eligible, amount, per_month = entitled[scheme.name]
                det = {k: (v if scheme.entity == "gezin" else v[first_gezin]) for k, v in det_gezin.items()}
                det["klein_bedrag"] = numpy.where(eligible & ~numpy.full(eligible.size, scheme.in_kind),
                                                  numpy.clip(numpy.log2(100 / numpy.maximum(per_month, 1)), 0, None), 0)
                if stage == 1:
                    det["bijstandsontvanger"] = receives_bijstand if scheme.entity == "gezin" else receives_bijstand[first_gezin]
                x = model.shift(det, coefficients)
                u = model.latent_uniform(unit_ids[scheme.entity], household_of[scheme.entity], scheme.name, variant.seed, rho)
                automatic = _any(sim, scheme.automatic, scheme.period, year, eligible.size) | _any(sim, scheme.ambtshalve, scheme.period, year, eligible.size)
                key = (variant.name, scheme.name)
                if key not in intercepts:  # the baseline calibrates; reforms reuse its alphas (same behaviour, same draws)
                    target = getattr(getattr(rates, scheme.name), variant.level)
                    intercepts[key] = model.calibrate(u, x, units[scheme.entity]["gewicht"].to_numpy(), eligible, automatic, target,
                                                      expected=not whole_population)
                sim.set_input(scheme.claim, str(year), ~model.not_claiming(u, x, intercepts[key]))
            if stage == 0:
                receives_bijstand = (_monthly(sim, "bijstand_ontvangen", year) > 0).any(axis=0) if "bijstand" in entitled else numpy.zeros(len(gezin), bool)
        money = net.copy() if net is not None else numpy.zeros(len(gezin))
        for scheme in (s for s in SCHEMES if s.name in entitled):
            eligible, amount, _ = entitled[scheme.name]
            received_months = _values(sim, scheme.receipt, scheme.period, year)
            got = (received_months > 0).any(axis=0)
            recipient = eligible & got
            received = numpy.where(recipient, amount, 0) if scheme.in_kind else received_months.sum(axis=0)
            granted = _any(sim, scheme.automatic, scheme.period, year, eligible.size) | _any(sim, scheme.ambtshalve, scheme.period, year, eligible.size)
            ambtshalve = _any(sim, scheme.ambtshalve, scheme.period, year, eligible.size)
            if not scheme.in_kind:
                if scheme.entity == "gezin":
                    money += received
                else:
                    numpy.add.at(money, first_gezin, received)
            frame = units[scheme.entity].copy()
            w = frame["gewicht"].to_numpy()
            frame["eligible_units"] = w * eligible
            frame["eligible_n"] = eligible.astype(int)
            frame["recipients"] = w * recipient
            frame["recipients_n"] = recipient.astype(int)
            frame["entitled_eur"] = w * amount
            frame["unclaimed_eur"] = w * (amount - received)
            frame["spending_eur"] = w * received
            frame["applications"] = w * (recipient & ~granted)
            frame["ambtshalve_reached"] = w * (eligible & ambtshalve)
            frame["wrongly_granted"] = w * (~eligible & ambtshalve)
            aggregates.append(_aggregate(frame, variant.name, scheme.name))
        below = _below(sim, year, norm, net, len(gezin))
        per_unit.income[variant.name], per_unit.below[variant.name] = money, below
        frame = gezin.copy()
        w = frame["gewicht"].to_numpy()
        frame = frame.assign(gezinnen=w, gezinnen_n=1, below_full_take_up=w * below_full, below_full_take_up_n=below_full,
                             below_modelled=w * below, below_modelled_n=below)
        for dimension in DIMENSIONS:
            grouped = frame.groupby(dimension, sort=True)[POVERTY_COLUMNS].sum(min_count=1)
            grouped.index = grouped.index.astype(str)
            poverty.append(grouped.reset_index(names="group").assign(dimension=dimension, variant=variant.name))
    empty = pandas.DataFrame(columns=["group", *SUM_COLUMNS, "dimension", "variant", "scheme"])
    return (pandas.concat(aggregates) if aggregates else empty), pandas.concat(poverty), not_covered, per_unit, shared


def _any(sim, name, period, year, size):
    if not name:
        return numpy.zeros(size, bool)
    return (_values(sim, name, period, year) > 0).any(axis=0)


def _winners_losers(gezin, base: _Scenario, reform: _Scenario, variant: str, tolerance: float = 1.0):
    change = reform.income[variant] - base.income[variant]
    w = gezin["gewicht"].to_numpy()
    frame = gezin.assign(
        gezinnen=w, winners=w * (change > tolerance), winners_n=(change > tolerance).astype(int),
        losers=w * (change < -tolerance), losers_n=(change < -tolerance).astype(int),
        gain_eur=w * numpy.where(change > tolerance, change, 0), loss_eur=w * numpy.where(change < -tolerance, change, 0),
        below_change=w * (reform.below[variant] - base.below[variant]),
    )
    out = []
    for dimension in DIMENSIONS:
        grouped = frame.groupby(dimension, sort=True)[WINNER_COLUMNS].sum(min_count=1)
        grouped.index = grouped.index.astype(str)
        out.append(grouped.reset_index(names="group").assign(dimension=dimension, variant=variant))
    return pandas.concat(out)


def run_chunk(table: pandas.DataFrame, year: int, variants, intercepts: dict | None = None, reforms: tuple = (),
              whole_population: bool = True, scenarios: tuple = (), parameters: tuple = ()) -> ChunkResult:
    """Rules + take-up for one chunk (a validated person table of whole households), for the baseline (with
    ``reforms`` applied, normally none) and for each scenario in ``scenarios`` (a tuple of reform-name tuples),
    with the same draws and the baseline's intercepts. ``parameters`` (a validated parametric change) applies to every
    scenario; an empty scenario tuple is the parametric change alone ("parametric").

    Missing intercepts are calibrated on this chunk: on its draws when it is the whole population, else on the
    expected probabilities (see :func:`model.calibrate`).
    """
    intercepts = dict(intercepts or {})
    aggregates, poverty, not_covered, base, shared = _scenario(table, year, variants, intercepts, tuple(reforms), whole_population, None)
    aggregates = [aggregates.assign(scenario="baseline")]
    poverty = [poverty.assign(scenario="baseline")]
    covered = {"baseline": not_covered}
    winners = []
    for reform in scenarios:
        label = "+".join(reform) or "parametric"
        agg, pov, nc, result, _ = _scenario(table, year, variants, intercepts, tuple(reforms) + tuple(reform), whole_population, shared, parameters)
        aggregates.append(agg.assign(scenario=label))
        poverty.append(pov.assign(scenario=label))
        covered[label] = nc
        winners += [_winners_losers(shared[0], base, result, v.name).assign(scenario=label) for v in variants]
    result = ChunkResult(
        aggregates=pandas.concat(aggregates),
        poverty=pandas.concat(poverty),
        intercepts=intercepts,
        not_covered=covered,
        households=int(len(shared[5])),
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


def _below(sim, year, norm, net, count):
    """Gezinnen whose yearly net income plus received bijstand/AIO stays below their yearly bijstandsnorm.

    NaN for every gezin when a rule it needs is not covered for the year.
    """
    try:
        if norm is None:
            raise NotCoveredError("bijstandsnorm", str(year), None, None)
        support = _monthly(sim, "bijstand_ontvangen", year).sum(axis=0) + _monthly(sim, "aio_ontvangen", year).sum(axis=0)
    except NotCoveredError:
        return numpy.full(count, numpy.nan)
    return (net + support < norm - 12).astype(float)
