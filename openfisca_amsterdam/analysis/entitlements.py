"""Pass 1 of a population run on one chunk: the chunk's simulation and every scheme's entitlement for the 12 months
of the year, with per-unit coverage (:mod:`openfisca_amsterdam.unit_coverage`) (:func:`prepare`), and what the
whole-population take-up calibration needs from the chunk (:func:`calibration_data`)."""

from __future__ import annotations

import dataclasses

import numpy
import pandas

from openfisca_amsterdam.analysis.simulation import build
from openfisca_amsterdam.analysis.systems import system_for
from openfisca_amsterdam.coverage import NotCoveredError, describe
from openfisca_amsterdam.formula_helpers import latent_uniform, takeup_propensity
from openfisca_amsterdam.takeup.schemes import BY_NAME, SCHEMES
from openfisca_amsterdam.unit_coverage import UnitCoverage, collecting


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
    #: the gezin's social minimum of its own type (basisnorm: no kostendelersnorm), yearly: the fixed poverty line
    #: when this is the baseline
    social_minimum: numpy.ndarray | None
    poverty_not_covered: numpy.ndarray
    year: int = 0
    seed: int | None = None  # the take-up seed of the system the cached take-up arrays were computed with
    assumptions: tuple = ()  # the take-up variant's assumption values the cached determinants were computed with
    reforms: tuple = ()  # the reforms of the chunk's system (``system_for(reforms, parameters)``)


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
            "personen": numpy.bincount(gezin_of_person, minlength=rows.size),
            "kinderen": numpy.bincount(gezin_of_person, ~adult, minlength=rows.size),
            "ouderen": numpy.bincount(gezin_of_person, adult & aow_age, minlength=rows.size),
            "overig": numpy.bincount(gezin_of_person, adult & ~aow_age, minlength=rows.size),
            "student": numpy.bincount(
                gezin_of_person, numpy.asarray(sim.calculate("is_student", january)) & adult, minlength=rows.size
            )
            > 0,
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


def _body_view(table: pandas.DataFrame, unknown: tuple) -> pandas.DataFrame:
    """The table as the granting body sees it: the inputs it does not know set to 0, in every year."""
    if not unknown:
        return table
    columns = [c for c in table.columns if c.split("@")[0] in unknown]
    return table.assign(**{c: 0 for c in columns}) if columns else table


def grants(table, system, year, registered: dict, blank: dict, unknown: dict | None = None) -> list:
    """Automatic-grant reforms: compute each scheme on registered income (inputs ``lag`` years back, those the body
    does not know at 0); [(ambtshalve variable, period, granted units)]: the units that this gives a right for the
    whole year (not the units whose right is not covered). A scheme not covered at all goes into ``blank``."""
    unknown = unknown or {}
    out = []
    views = sorted({(lag, tuple(sorted(unknown.get(name, ())))) for name, lag in registered.items()})
    for lag, hidden in views:
        reg, _ = build(_body_view(table, hidden), system, year, lag=lag)
        with collecting(reg) as coverage:
            for name in (n for n, lg in registered.items() if (lg, tuple(sorted(unknown.get(n, ())))) == (lag, hidden)):
                scheme = BY_NAME[name]
                try:
                    values = _yearly(reg, name, scheme.period, year)
                except NotCoveredError as error:
                    blank[name] = "registered-income grant: " + describe(error)
                    continue
                granted = (values > 0).any(axis=0) & ~_not_covered(reg, coverage, scheme.entity, [name])[0]
                periods = [str(year)] if scheme.period == "year" else [f"{year}-{m:02d}" for m in range(1, 13)]
                out += [(scheme.ambtshalve, period, granted) for period in periods]
    return out


def prepare(table: pandas.DataFrame, year: int, reforms: tuple = (), parameters: tuple = ()) -> Prepared:
    """Pass 1 on a chunk: the simulation of ``system_for(reforms, parameters)`` and every scheme's entitlement."""
    from openfisca_amsterdam.reforms_registry import registered_income, unknown_to_body

    system = system_for(tuple(reforms), tuple(parameters))
    sim, firsts = build(table, system, year)
    blank: dict = {}
    with collecting(sim) as coverage:
        if reforms:
            for name, period, granted in grants(
                table, system, year, registered_income(reforms), blank, unknown_to_body(reforms)
            ):
                sim.set_input(name, period, granted)
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
            minimum = _monthly(sim, "basisnorm", year).sum(axis=0)
            poverty_nc = _not_covered(
                sim, coverage, "gezin", ["bijstandsnorm", "basisnorm", "gezin_netto_inkomen", "bijstand", "aio"]
            )[0]
        except NotCoveredError:
            norm = net = minimum = None
            poverty_nc = numpy.ones(len(gezin), bool)
    return Prepared(
        table,
        sim,
        coverage,
        units,
        unit_ids,
        household_of,
        first_gezin,
        entitled,
        blank,
        norm,
        net,
        minimum,
        poverty_nc,
        year,
        reforms=tuple(reforms),
    )


# --- Calibration data: what the whole-population calibration needs from a chunk ---


@dataclasses.dataclass
class CalibrationData:
    """Per (variant.draw_key, scheme): the eligible, covered units' propensities without the bijstand term and their
    weights."""

    #: (draw key, scheme) -> DataFrame[z, w, automatic, ambtshalve, id, huishouden, bijstand_eligible, bijstand_z]
    frames: dict
    households: int
    #: the raking's rules indicators of the chunk (``analysis.reweight.rules_indicators``), when asked for
    rules: tuple | None = None


#: The variables whose own formulas read the determinants' coefficients (``niet_gebruik.determinanten``): they, and
#: whatever reads them, are recomputed when a take-up variant changes an assumption.
DETERMINANT_READERS = ("{}_niet_gebruik_kenmerken", "{}_niet_gebruik_determinanten")
COMMON_DETERMINANTS = ("niet_gebruik_kenmerken", "huishouden_niet_gebruik_kenmerken")


def determinant_roots(system) -> list[str]:
    names = [p.format(s.name) for s in SCHEMES if s.name in system.variables for p in DETERMINANT_READERS]
    return names + [name for name in COMMON_DETERMINANTS if name in system.variables]


_ASSUMED: dict = {}


def with_assumptions(system, assumptions: tuple):
    """``system`` with determinants replaced by a variant's assumption values (cached per system and values)."""
    from openfisca_amsterdam.reforms_registry import parametric_reform

    if not assumptions:
        return system
    key = (id(system), assumptions)
    if key not in _ASSUMED:
        changes = {f"niet_gebruik.determinanten.{name}": {"2000-01-01": float(v)} for name, v in assumptions}
        _ASSUMED[key] = (system, parametric_reform(system, changes, name="assumptions"))
    return _ASSUMED[key][1]


def _kenmerken(prepared: Prepared, assumptions: tuple) -> dict:
    """Each scheme's determinants (without the bijstand term) under a variant's assumption values."""
    if not dict(assumptions).keys() - {"latente_correlatie"}:
        return {name: e.kenmerken for name, e in prepared.entitled.items()}
    sim = prepared.simulation
    base = sim.tax_benefit_system
    stale = sim.tracer.readers_of(determinant_roots(base))

    def forget():
        for name in stale:
            if name in base.variables:
                sim.delete_arrays(name)

    forget()
    sim.tax_benefit_system = with_assumptions(base, assumptions)
    try:
        with collecting(sim, prepared.coverage):
            year = str(prepared.year)
            return {
                name: numpy.asarray(sim.calculate(f"{name}_niet_gebruik_kenmerken", year), dtype=float)
                for name in prepared.entitled
            }
    finally:
        forget()
        sim.tax_benefit_system = base


def calibration_data(prepared: Prepared, variants, rho: float) -> CalibrationData:
    """The entitled, covered units of each scheme with their propensity per draw key of ``variants`` (draws only for
    those units). ``rho``: the latent correlation where a variant does not set it."""
    frames = {}
    bijstand = prepared.entitled.get("bijstand")
    for key in sorted({v.draw_key for v in variants}, key=repr):
        seed, assumptions = key
        rho_v = float(dict(assumptions).get("latente_correlatie", rho))
        kenmerken = _kenmerken(prepared, assumptions)
        for name, e in prepared.entitled.items():
            scheme = BY_NAME[name]
            rows = numpy.flatnonzero(e.eligible)
            ids = prepared.unit_ids[scheme.entity][rows]
            u = latent_uniform(ids, prepared.household_of[scheme.entity][rows], name, seed, rho_v)
            gezin_rows = rows if scheme.entity == "gezin" else prepared.first_gezin[rows]
            frame = pandas.DataFrame(
                {
                    "z": takeup_propensity(u, kenmerken[name][rows]),
                    "w": prepared.units[scheme.entity]["gewicht"].to_numpy()[rows],
                    "automatic": e.automatic[rows],
                    "ambtshalve": e.ambtshalve[rows],
                    "id": ids,
                    "huishouden": prepared.household_of[scheme.entity][rows],
                    "bijstand_eligible": bijstand.raw_eligible[gezin_rows] if bijstand is not None else False,
                    "bijstand_z": 0.0,
                }
            )
            if bijstand is not None:
                linked = frame["bijstand_eligible"].to_numpy()
                g = gezin_rows[linked]
                u_b = latent_uniform(
                    prepared.unit_ids["gezin"][g], prepared.household_of["gezin"][g], "bijstand", seed, rho_v
                )
                frame.loc[linked, "bijstand_z"] = takeup_propensity(u_b, kenmerken["bijstand"][g])
            frames[(key, name)] = frame
    return CalibrationData(frames, int(prepared.unit_ids["huishouden"].size))
