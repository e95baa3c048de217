"""The microsimulation driver: a population, in chunks, through rules and take-up, summed.

``simulate(settings)`` is the Python API behind ``openfisca-amsterdam simulate`` (keyword arguments are accepted as
well). The population is cut into chunks of whole households (bounded memory). Pass 1 computes every chunk's
entitlements and the propensities the take-up calibration needs; the intercepts are then calibrated on the whole
population (so they do not depend on row order or chunk size); pass 2 sums what each chunk receives under the
calibrated model, for the baseline and every reform. Each pass is one task per chunk, in-process or on Dask; chunk
sums are added in chunk order, so both paths give identical totals.
"""

from __future__ import annotations

import dataclasses
import hashlib

import numpy
import pandas

from openfisca_amsterdam.analysis import chunk as chunk_module
from openfisca_amsterdam.analysis import reweight
from openfisca_amsterdam.analysis.chunk import POVERTY_COLUMNS, SUM_COLUMNS, WINNER_COLUMNS, system_for
from openfisca_amsterdam.analysis.chunking import chunk_count, chunks  # noqa: F401 - part of this module's API
from openfisca_amsterdam.analysis.executor import Executor as _Executor
from openfisca_amsterdam.analysis.incremental import notes as incremental_notes
from openfisca_amsterdam.analysis.tables import (  # noqa: F401 - the tables are part of this module's API
    breakdown_table,
    comparison_table,
    intervals_table,
    non_take_up_table,
    poverty_lines_table,
    poverty_table,
    sensitivity_table,
    winners_losers_table,
)
from openfisca_amsterdam.population import calibration, synthetic
from openfisca_amsterdam.population.schema import validate
from openfisca_amsterdam.takeup import model

DEFAULT_CHUNK = 25_000
#: Up to this many households, pass 1 keeps every chunk's simulation for pass 2 (measured: ~2 GB at 475k households);
#: above it, pass 2 rebuilds each chunk (same numbers, twice the rules' cost).
KEEP_SIMULATIONS_UP_TO = 600_000
#: A calibrated rate further than this from its target is reported as a warning.
CALIBRATION_TOLERANCE = 0.005


@dataclasses.dataclass(frozen=True)
class RunSettings:
    """Everything that defines a population run (``simulate`` and :class:`Microsimulation` take one)."""

    year: int = 2025
    households: int = 20_000
    seed: int = 0
    population: pandas.DataFrame | None = dataclasses.field(default=None, compare=False, hash=False)
    workers: int | None = None
    scheduler: str | None = None
    chunk_size: int = DEFAULT_CHUNK
    uncertainty: bool = True
    #: Monte Carlo draws over the take-up assumptions beside the main variant (docs/takeup.md#uncertainty)
    draws: int = model.DEFAULT_DRAWS
    #: one-at-a-time variants of every assumption (the sensitivity table and tornado chart)
    sensitivity: bool = False
    scenarios: tuple = ()
    parameters: dict | None = dataclasses.field(default=None, compare=False, hash=False)
    reforms: tuple = ()
    #: a scenario recomputes only the households it can change (analysis/incremental.py); False: every household
    incremental: bool = True


@dataclasses.dataclass
class Results:
    year: int
    aggregates: pandas.DataFrame
    poverty: pandas.DataFrame
    intercepts: dict
    not_covered: dict  # scenario -> scheme -> reason (the scheme blank for the whole population)
    calibration: pandas.DataFrame | None
    households: int
    weighted_households: float
    notes: list
    variants: list
    winners: pandas.DataFrame = dataclasses.field(default_factory=pandas.DataFrame)
    scenarios: list = dataclasses.field(default_factory=list)
    uncovered: pandas.DataFrame = dataclasses.field(default_factory=pandas.DataFrame)  # per-unit coverage reasons
    takeup_check: pandas.DataFrame = dataclasses.field(default_factory=pandas.DataFrame)  # target vs realised
    projected: str = ""  # not empty when the baseline carries parameters forward (docs/projection.md): not law
    weighted_persons: float = float("nan")
    repayments: pandas.DataFrame = dataclasses.field(default_factory=pandas.DataFrame)  # chunk sums, baseline


def add_deciles(table: pandas.DataFrame) -> pandas.DataFrame:
    """``_deciel`` (1-10): weighted deciles of households' gross market income per person-equivalent (sqrt scale)."""
    gross = 12 * (table.get("bruto_loon", 0) + table.get("aanvullend_pensioen", 0)) + table.get(
        "winst_uit_onderneming", 0
    )
    per_hh = (
        pandas.DataFrame({"h": table["huishouden_id"], "g": gross, "w": table["gewicht"]})
        .groupby("h", sort=True)
        .agg(g=("g", "sum"), n=("g", "size"), w=("w", "first"))
    )
    equivalent = per_hh["g"] / numpy.sqrt(per_hh["n"])
    order = numpy.lexsort((per_hh.index.to_numpy().astype(str), equivalent.to_numpy()))
    cumulative = numpy.cumsum(per_hh["w"].to_numpy()[order])
    decile = numpy.empty(len(per_hh), int)
    decile[order] = numpy.minimum(
        10, 1 + (10 * (cumulative - per_hh["w"].to_numpy()[order] / 2) / cumulative[-1]).astype(int)
    )
    table["_deciel"] = (
        table["huishouden_id"].map(pandas.Series(decile, index=per_hh.index)).to_numpy()
    )  # in place: no copy
    return table


def _combine(results):
    keys = ["scenario", "variant", "scheme", "dimension", "group"]
    aggregates = (
        pandas.concat([r.aggregates for r in results]).groupby(keys, sort=True)[SUM_COLUMNS].sum().reset_index()
    )
    poverty = (
        pandas.concat([r.poverty for r in results])
        .groupby(["scenario", "variant", "dimension", "group"], sort=True)[POVERTY_COLUMNS]
        .sum(min_count=1)
        .reset_index()
    )
    winners = [r.winners for r in results if not r.winners.empty]
    if winners:
        winners = (
            pandas.concat(winners)
            .groupby(["scenario", "variant", "dimension", "group"], sort=True)[WINNER_COLUMNS]
            .sum(min_count=1)
            .reset_index()
        )
    else:
        winners = pandas.DataFrame()
    blank: dict = {}
    for r in results:
        for scenario, reasons in r.blank.items():
            blank.setdefault(scenario, {}).update(reasons)
    uncovered = pandas.concat([r.reasons for r in results])
    if not uncovered.empty:
        uncovered = (
            uncovered.groupby(["scenario", "scheme", "parameter"], sort=True)[["units", "units_n"]].sum().reset_index()
        )
    return aggregates, poverty, blank, winners, uncovered


def _population(settings: RunSettings):
    """(the validated table, whether its weights are still to be raked, notes). A synthetic population is raked after
    pass 1 (:func:`calibrate_takeup`), from pass 1's own simulations (:mod:`.reweight`); until then it carries the
    design weights and no deciles."""
    notes = []
    system = system_for(tuple(settings.reforms), ())
    if settings.population is None:
        table = synthetic.generate(settings.households, settings.year, settings.seed)
        return validate(table, system, settings.year), True, notes
    table = validate(settings.population, system, settings.year)
    given = {c.split("@")[0] for c in table.columns if "@" in c}
    for name in ("bruto_loon", "winst_uit_onderneming", "aanvullend_pensioen"):
        if name in table.columns and name not in given:
            notes.append(
                f"{name}: no earlier years given; the simulated year's value is used for "
                f"{settings.year - 3}-{settings.year - 1}"
            )
    return add_deciles(table), False, notes


def _population_on(settings: RunSettings):
    """The population (:func:`_population`) and the executor of the run. Microdata is validated before a cluster is
    started (an error comes at once); a synthetic population is generated while the workers load the rules."""
    if settings.population is not None:
        table, rake, notes = _population(settings)
        return table, rake, notes, _Executor(settings.workers, settings.scheduler)
    executor = _Executor(settings.workers, settings.scheduler)
    try:
        executor.warm(chunk_module.warm, tuple(settings.reforms))
        return (*_population(settings), executor)
    except BaseException:
        executor.close()
        raise


def _run_token(settings: RunSettings, table: pandas.DataFrame) -> str:
    digest = hashlib.blake2b(
        pandas.util.hash_pandas_object(table[["persoon_id"]], index=False).to_numpy().tobytes(), digest_size=6
    ).hexdigest()
    return f"{settings.year}-{settings.seed}-{digest}"


def calibrate_takeup(
    parts, settings: RunSettings, variants, executor, progress=None, scenarios=(), changes=(), rake=False
):
    """Pass 1 on every chunk, then the intercepts calibrated on the whole population; (keys, key -> chunk,
    intercepts, check table, calibration report). ``rake``: the weights are raked first, from pass 1's rules
    indicators (the report; else None); the table of ``parts`` gets them, and its deciles, in place."""
    rates = system_for(tuple(settings.reforms), ()).parameters(f"{settings.year}-01").niet_gebruik
    rho = float(rates.determinanten.latente_correlatie)
    keep = parts.table["huishouden_id"].nunique() <= KEEP_SIMULATIONS_UP_TO
    token = _run_token(settings, parts.table)
    keys = [f"{token}-{i}" for i in range(len(parts))]
    index = dict(zip(keys, range(len(parts)), strict=True))
    data = executor.map(
        chunk_module.pass1,
        keys,
        lambda key: (
            parts[index[key]],
            settings.year,
            tuple(variants),
            rho,
            tuple(settings.reforms),
            keep,
            tuple(scenarios),
            tuple(changes),
            rake,
        ),
        progress,
        0,
        2 * len(parts),
    )
    report = None
    if rake:
        rules = calibration.combine_indicators([d.rules for d in data])
        _, report = calibration.calibrate(
            parts.table, system_for(tuple(settings.reforms), ()), settings.year, rules=rules
        )
        add_deciles(parts.table)
        households, weights = reweight.household_weights(parts.table)
        for d in data:
            reweight.reweight_frames(d.frames, households, weights)
    frames = {}
    for key in {k for d in data for k in d.frames}:
        frames[key] = pandas.concat([d.frames[key] for d in data if key in d.frames], ignore_index=True)
    intercepts, check = model.calibrate(frames, variants, rates)
    return keys, index, intercepts, check, report


def _takeup_check(aggregates, check):
    totals = aggregates.query("dimension == 'totaal' and scenario == 'baseline'").set_index(["variant", "scheme"])
    realised = 1 - totals["recipients"] / totals["eligible_units"].where(totals["eligible_units"] > 0)
    check = check.join(realised.rename("realised"), on=["variant", "scheme"])
    check["difference"] = check["realised"] - check["target"]
    check["warning"] = numpy.where(
        check["difference"].abs() > CALIBRATION_TOLERANCE,
        "realised rate differs from the target by more than 0.5 points",
        "",
    )
    return check


def _projection_note(reforms) -> str:
    names = [name for name in reforms if str(name).startswith("projected:")]
    if not names:
        return ""
    _, until, index = names[0].split(":")
    return (
        f"PROJECTED, not law: parameters without a verified value are carried forward up to {until}, amounts indexed "
        f"at {float(index):+.2%} a year (docs/projection.md)"
    )


def simulate(
    settings: RunSettings | int | None = None, households: int | None = None, *, progress=None, **options
) -> Results:
    """Run a population for a year; returns weighted sums per scenario, take-up variant, scheme and group.

    ``settings`` (or the same fields as keywords): ``scenarios`` are reforms to compare with the baseline, each a name
    or ``"a+b"``; they run on the same chunks with the same draws and the baseline's take-up intercepts (common random
    numbers). ``parameters``: a parametric reform ``{path: {"YYYY-MM-DD": value}}`` (validated) applied in every
    scenario; with no ``scenarios`` it is compared with the baseline as the scenario "parametric".
    """
    from openfisca_amsterdam.reforms_registry import split, validate_parameters

    if not isinstance(
        settings, RunSettings
    ):  # simulate(2025, 20_000, seed=0, ...) as well as simulate(RunSettings(...))
        if settings is not None:
            options["year"] = settings
        settings = RunSettings()
    if households is not None:
        options["households"] = households
    for name in ("scenarios", "reforms"):
        if name in options:
            options[name] = tuple(options[name] or ())
    settings = dataclasses.replace(settings, **options)
    scenarios = [tuple(split([name])) for name in settings.scenarios]
    every = tuple(name for scenario in scenarios for name in scenario)
    changes = tuple(validate_parameters(system_for(every, ()), settings.parameters)) if settings.parameters else ()
    if changes and not scenarios:
        scenarios = [()]
    table, rake, notes, executor = _population_on(settings)
    projected = _projection_note(settings.reforms)
    if projected:
        notes.append(projected)
    rates = system_for(tuple(settings.reforms), ()).parameters(f"{settings.year}-01").niet_gebruik
    variants = model.default_variants(
        settings.seed, settings.uncertainty, settings.draws, model.assumption_ranges(rates), settings.sensitivity
    )
    parts = chunks(table, settings.chunk_size)
    try:
        keys, index, intercepts, check, calibration_table = calibrate_takeup(
            parts, settings, variants, executor, progress, scenarios if settings.incremental else (), changes, rake
        )
        results = executor.map(
            chunk_module.run_chunk,
            keys,
            lambda key: (
                parts[index[key]],
                settings.year,
                variants,
                intercepts,
                tuple(settings.reforms),
                tuple(scenarios),
                changes,
                settings.incremental,
                parts.columns(index[key], reweight.COLUMNS) if rake else None,
            ),
            progress,
            len(parts),
            2 * len(parts),
        )
    finally:
        executor.close()
    aggregates, poverty, blank, winners, uncovered = _combine(results)
    notes += incremental_notes(results)
    weights = table.groupby("huishouden_id", sort=True)["gewicht"].first()
    return Results(
        settings.year,
        aggregates,
        poverty,
        intercepts,
        blank,
        calibration_table,
        int(weights.size),
        float(weights.sum()),
        notes,
        variants,
        winners,
        ["+".join(s) or "parametric" for s in scenarios],
        uncovered,
        _takeup_check(aggregates, check),
        projected,
        float(table["gewicht"].sum()),
        pandas.concat([r.repayments for r in results if len(r.repayments)] or [pandas.DataFrame()]),
    )


def unit_changes(population: pandas.DataFrame, year: int, scenario: str, seed: int = 0) -> pandas.DataFrame:
    """Per gezin of a (small) validated population: yearly money (net income plus received benefits) in the baseline
    and under ``scenario``, with the same draws. For tests and for looking at individual cases; one chunk."""
    from openfisca_amsterdam.reforms_registry import split

    settings = RunSettings(year=year, seed=seed, population=population, uncertainty=False)
    table, _, _ = _population(settings)
    variants = model.default_variants(seed, uncertainty=False)
    parts = chunks(table, len(table) + 1)
    executor = _Executor(None, None)
    keys, index, intercepts, *_ = calibrate_takeup(parts, settings, variants, executor)
    base = chunk_module._KEPT.pop(keys[0])
    *_, baseline = chunk_module.run_scenario(base, (), (), variants, intercepts, "baseline")
    reform = tuple(split([scenario]))
    prepared = chunk_module.prepare(table, year, reform)
    *_, changed = chunk_module.run_scenario(prepared, reform, (), variants, intercepts, scenario)
    before = chunk_module.money_total(baseline.income["basis"])
    change = chunk_module.money_change(baseline.income["basis"], changed.income["basis"])
    return pandas.DataFrame({"gezin_id": base.unit_ids["gezin"], "baseline": before, "reform": before + change})
