"""The microsimulation driver: a population, in chunks, through rules and take-up, summed.

``simulate(...)`` is the Python API behind ``openfisca-amsterdam simulate``. The population is cut into
chunks of whole households (bounded memory); the first chunk calibrates the take-up intercepts, every chunk
then runs with them, in-process or as Dask tasks; chunk sums are added in chunk order, so both paths give
identical totals.
"""

from __future__ import annotations

import dataclasses

import numpy
import pandas

from openfisca_amsterdam.analysis.chunk import POVERTY_COLUMNS, SUM_COLUMNS, run_chunk, system_for
from openfisca_amsterdam.population import calibration, synthetic
from openfisca_amsterdam.population.schema import validate
from openfisca_amsterdam.takeup import model
from openfisca_amsterdam.takeup.schemes import BY_NAME, SCHEMES

DEFAULT_CHUNK = 50_000


@dataclasses.dataclass
class Results:
    year: int
    aggregates: pandas.DataFrame
    poverty: pandas.DataFrame
    intercepts: dict
    not_covered: dict
    calibration: pandas.DataFrame | None
    households: int
    weighted_households: float
    notes: list
    variants: list


def add_deciles(table: pandas.DataFrame) -> pandas.DataFrame:
    """``_deciel`` (1-10): weighted deciles of households' gross market income per person-equivalent (sqrt scale)."""
    gross = 12 * (table.get("bruto_loon", 0) + table.get("aanvullend_pensioen", 0)) + table.get("winst_uit_onderneming", 0)
    per_hh = pandas.DataFrame({"h": table["huishouden_id"], "g": gross, "w": table["gewicht"]}).groupby("h", sort=False).agg(
        g=("g", "sum"), n=("g", "size"), w=("w", "first"))
    equivalent = per_hh["g"] / numpy.sqrt(per_hh["n"])
    order = numpy.argsort(equivalent.to_numpy(), kind="stable")
    cumulative = numpy.cumsum(per_hh["w"].to_numpy()[order])
    decile = numpy.empty(len(per_hh), int)
    decile[order] = numpy.minimum(10, 1 + (10 * (cumulative - per_hh["w"].to_numpy()[order] / 2) / cumulative[-1]).astype(int))
    return table.assign(_deciel=table["huishouden_id"].map(pandas.Series(decile, index=per_hh.index)).to_numpy())


def chunks(table: pandas.DataFrame, size: int):
    """Whole households, ``size`` households per chunk, in the order of the table."""
    household = pandas.factorize(table["huishouden_id"])[0]
    bounds = numpy.searchsorted(household // size, numpy.arange(household.max() // size + 2))
    order = numpy.argsort(household // size, kind="stable")
    return [table.iloc[order[a:b]] for a, b in zip(bounds[:-1], bounds[1:]) if b > a]


def _combine(results):
    aggregates = pandas.concat([r.aggregates for r in results]).groupby(["variant", "scheme", "dimension", "group"], sort=True)[SUM_COLUMNS].sum().reset_index()
    poverty = pandas.concat([r.poverty for r in results]).groupby(["variant", "dimension", "group"], sort=True)[POVERTY_COLUMNS].sum().reset_index()
    not_covered = {}
    for r in results:
        not_covered.update(r.not_covered)
    return aggregates, poverty, not_covered


def simulate(year: int = 2025, households: int = 20_000, seed: int = 0, population: pandas.DataFrame | None = None,
             workers: int | None = None, scheduler: str | None = None, chunk_size: int = DEFAULT_CHUNK,
             uncertainty: bool = True, reforms: tuple = (), intercepts: dict | None = None, progress=None) -> Results:
    """Run a population for a year; returns weighted sums per take-up variant, scheme and group."""
    system = system_for(tuple(reforms))
    notes = []
    calibration_table = None
    if population is None:
        table = synthetic.generate(households, year, seed)
        table, calibration_table = calibration.calibrate(table, system_for(()), year)
    else:
        table = validate(population, system, year)
        given = {c.split("@")[0] for c in table.columns if "@" in c}
        for name in ("bruto_loon", "winst_uit_onderneming", "aanvullend_pensioen"):
            if name in table.columns and name not in given:
                notes.append(f"{name}: no earlier years given; the simulated year's value is used for {year - 3}-{year - 1}")
    table = add_deciles(table)
    variants = model.default_variants(seed, uncertainty)
    parts = chunks(table, chunk_size)
    first = run_chunk(parts[0], year, variants, intercepts, tuple(reforms), whole_population=len(parts) == 1)
    intercepts = first.intercepts
    rest = parts[1:]
    if progress:
        progress(1, len(parts))
    if rest and (workers or scheduler):
        from dask.distributed import Client, LocalCluster, as_completed

        cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        with Client(scheduler or cluster) as client:
            futures = [client.submit(run_chunk, part, year, variants, intercepts, tuple(reforms), pure=False) for part in rest]
            for done, _ in enumerate(as_completed(futures), start=2):
                if progress:
                    progress(done, len(parts))
            others = client.gather(futures)
        if cluster is not None:
            cluster.close()
    else:
        others = []
        for done, part in enumerate(rest, start=2):
            others.append(run_chunk(part, year, variants, intercepts, tuple(reforms)))
            if progress:
                progress(done, len(parts))
    aggregates, poverty, not_covered = _combine([first, *others])
    weights = table.groupby("huishouden_id", sort=False)["gewicht"].first()
    return Results(year, aggregates, poverty, intercepts, not_covered, calibration_table,
                   int(weights.size), float(weights.sum()), notes, variants)


def non_take_up_table(results: Results, variant: str = "basis", min_cell: int = 0) -> pandas.DataFrame:
    """The stable table: one row per scheme, weighted to the city, for the year (see docs/simulate.md)."""
    rows = []
    totals = results.aggregates.query("dimension == 'totaal' and variant == @variant").set_index("scheme")
    for scheme in SCHEMES:
        row = {"scheme": scheme.name, "unit": scheme.entity}
        if scheme.name in results.not_covered:
            row.update(status=f"not covered: {results.not_covered[scheme.name]}")
        elif scheme.name in totals.index:
            t = totals.loc[scheme.name]
            if min_cell and t["eligible_n"] < min_cell:
                row.update(status=f"suppressed (fewer than {min_cell} units)")
            else:
                row.update(
                    eligible_units=round(t["eligible_units"], 1),
                    recipients=round(t["recipients"], 1),
                    non_take_up_rate=round(1 - t["recipients"] / t["eligible_units"], 4) if t["eligible_units"] > 0 else numpy.nan,
                    unclaimed_eur_per_year=round(t["unclaimed_eur"], 0),
                    spending_eur_per_year=round(t["spending_eur"], 0),
                    status="ok" if not scheme.in_kind or scheme.value_per_year else "ok (in kind: euros not valued)",
                )
        rows.append(row)
    columns = ["scheme", "unit", "eligible_units", "recipients", "non_take_up_rate", "unclaimed_eur_per_year", "spending_eur_per_year", "status"]
    return pandas.DataFrame(rows).reindex(columns=columns)


def breakdown_table(results: Results, variant: str = "basis", min_cell: int = 0) -> pandas.DataFrame:
    """Per scheme and group (household type, age group, income decile): the same measures."""
    frame = results.aggregates.query("variant == @variant and dimension != 'totaal'").copy()
    frame["non_take_up_rate"] = 1 - frame["recipients"] / frame["eligible_units"].where(frame["eligible_units"] > 0)
    if min_cell:
        small = frame["eligible_n"] < min_cell
        frame.loc[small, ["eligible_units", "recipients", "non_take_up_rate", "unclaimed_eur", "spending_eur", "entitled_eur"]] = numpy.nan
    frame["unit"] = frame["scheme"].map(lambda s: BY_NAME[s].entity)
    return frame[["scheme", "unit", "dimension", "group", "eligible_units", "recipients", "non_take_up_rate", "unclaimed_eur", "spending_eur", "eligible_n"]]


def intervals_table(results: Results) -> pandas.DataFrame:
    """Per scheme: the main value and the range over the take-up variants (seeds, low and high rates)."""
    totals = results.aggregates.query("dimension == 'totaal'").copy()
    totals["non_take_up_rate"] = 1 - totals["recipients"] / totals["eligible_units"].where(totals["eligible_units"] > 0)
    out = totals.groupby("scheme").agg(
        non_take_up_rate_min=("non_take_up_rate", "min"), non_take_up_rate_max=("non_take_up_rate", "max"),
        unclaimed_eur_min=("unclaimed_eur", "min"), unclaimed_eur_max=("unclaimed_eur", "max"),
        spending_eur_min=("spending_eur", "min"), spending_eur_max=("spending_eur", "max"))
    return out.reset_index()


def poverty_table(results: Results, min_cell: int = 0) -> pandas.DataFrame:
    frame = results.poverty.query("variant == 'basis'").copy()
    if min_cell:
        frame.loc[frame["gezinnen_n"] < min_cell, ["gezinnen", "below_full_take_up", "below_modelled"]] = numpy.nan
    return frame[["dimension", "group", "gezinnen", "below_full_take_up", "below_modelled", "gezinnen_n"]]
