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

from openfisca_amsterdam.analysis.chunk import POVERTY_COLUMNS, SUM_COLUMNS, WINNER_COLUMNS, run_chunk, system_for
from openfisca_amsterdam.population import calibration, synthetic
from openfisca_amsterdam.population.schema import validate
from openfisca_amsterdam.takeup import model
from openfisca_amsterdam.takeup.schemes import BY_NAME, SCHEMES

DEFAULT_CHUNK = 25_000


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
    winners: pandas.DataFrame = dataclasses.field(default_factory=pandas.DataFrame)
    scenarios: list = dataclasses.field(default_factory=list)


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
    table["_deciel"] = table["huishouden_id"].map(pandas.Series(decile, index=per_hh.index)).to_numpy()  # in place: no copy
    return table


def chunks(table: pandas.DataFrame, size: int):
    """Whole households, ``size`` households per chunk, in the order of the table (a lazy sequence: a chunk's rows
    are copied only when it is run, so memory holds the table plus one chunk)."""
    household = pandas.factorize(table["huishouden_id"])[0]
    block = household // size
    order = numpy.argsort(block, kind="stable")
    bounds = numpy.searchsorted(block[order], numpy.arange(block.max() + 2))
    return _Chunks(table, order, bounds)


class _Chunks:
    def __init__(self, table, order, bounds):
        self.table, self.order, self.bounds = table, order, bounds

    def __len__(self):
        return len(self.bounds) - 1

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self.table.iloc[self.order[self.bounds[index]:self.bounds[index + 1]]]

    def __iter__(self):
        return (self[i] for i in range(len(self)))


def _combine(results):
    keys = ["scenario", "variant", "scheme", "dimension", "group"]
    aggregates = pandas.concat([r.aggregates for r in results]).groupby(keys, sort=True)[SUM_COLUMNS].sum().reset_index()
    poverty = pandas.concat([r.poverty for r in results]).groupby(["scenario", "variant", "dimension", "group"], sort=True)[POVERTY_COLUMNS].sum(min_count=1).reset_index()
    winners = [r.winners for r in results if not r.winners.empty]
    if winners:
        winners = pandas.concat(winners).groupby(["scenario", "variant", "dimension", "group"], sort=True)[WINNER_COLUMNS].sum(min_count=1).reset_index()
    else:
        winners = pandas.DataFrame()
    not_covered: dict = {}
    for r in results:
        for scenario, reasons in r.not_covered.items():
            not_covered.setdefault(scenario, {}).update(reasons)
    return aggregates, poverty, not_covered, winners


def simulate(year: int = 2025, households: int = 20_000, seed: int = 0, population: pandas.DataFrame | None = None,
             workers: int | None = None, scheduler: str | None = None, chunk_size: int = DEFAULT_CHUNK,
             uncertainty: bool = True, reforms: tuple = (), intercepts: dict | None = None, progress=None,
             scenarios=(), parameters: dict | None = None) -> Results:
    """Run a population for a year; returns weighted sums per scenario, take-up variant, scheme and group.

    ``scenarios``: reforms to compare with the baseline, each a name or ``"a+b"`` (a combination); they run on the
    same chunks with the same draws and the baseline's take-up intercepts (common random numbers).
    ``parameters``: a parametric reform ``{path: {"YYYY-MM-DD": value}}`` (validated) applied in every scenario; with
    no ``scenarios`` it is compared with the baseline as the scenario "parametric".
    """
    from openfisca_amsterdam.reforms_registry import split, validate_parameters

    scenarios = [tuple(split([name])) for name in scenarios]
    every = tuple(name for scenario in scenarios for name in scenario)
    changes = tuple(validate_parameters(system_for(every, ()), parameters)) if parameters else ()
    if changes and not scenarios:
        scenarios = [()]
    system = system_for(tuple(reforms), ())
    notes = []
    calibration_table = None
    if population is None:
        table = synthetic.generate(households, year, seed)
        table, calibration_table = calibration.calibrate(table, system_for((), ()), year)
    else:
        table = validate(population, system, year)
        given = {c.split("@")[0] for c in table.columns if "@" in c}
        for name in ("bruto_loon", "winst_uit_onderneming", "aanvullend_pensioen"):
            if name in table.columns and name not in given:
                notes.append(f"{name}: no earlier years given; the simulated year's value is used for {year - 3}-{year - 1}")
    table = add_deciles(table)
    variants = model.default_variants(seed, uncertainty)
    parts = chunks(table, chunk_size)
    first = run_chunk(parts[0], year, variants, intercepts, tuple(reforms), whole_population=len(parts) == 1, scenarios=tuple(scenarios), parameters=changes)
    intercepts = first.intercepts
    rest = (parts[i] for i in range(1, len(parts)))
    if progress:
        progress(1, len(parts))
    if len(parts) > 1 and (workers or scheduler):
        from dask.distributed import Client, LocalCluster, as_completed

        cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        with Client(scheduler or cluster) as client:
            futures = [client.submit(run_chunk, part, year, variants, intercepts, tuple(reforms), False, tuple(scenarios), changes, pure=False) for part in rest]
            for done, _ in enumerate(as_completed(futures), start=2):
                if progress:
                    progress(done, len(parts))
            others = client.gather(futures)
        if cluster is not None:
            cluster.close()
    else:
        others = []
        for done, part in enumerate(rest, start=2):
            others.append(run_chunk(part, year, variants, intercepts, tuple(reforms), False, tuple(scenarios), changes))
            if progress:
                progress(done, len(parts))
    aggregates, poverty, not_covered, winners = _combine([first, *others])
    weights = table.groupby("huishouden_id", sort=False)["gewicht"].first()
    return Results(year, aggregates, poverty, intercepts, not_covered, calibration_table,
                   int(weights.size), float(weights.sum()), notes, variants, winners, ["+".join(s) or "parametric" for s in scenarios])


def non_take_up_table(results: Results, variant: str = "basis", min_cell: int = 0, scenario: str = "baseline") -> pandas.DataFrame:
    """The stable table: one row per scheme, weighted to the city, for the year (see docs/simulate.md)."""
    rows = []
    totals = results.aggregates.query("dimension == 'totaal' and variant == @variant and scenario == @scenario").set_index("scheme")
    not_covered = results.not_covered.get(scenario, {})
    for scheme in SCHEMES:
        if scheme.optional and scheme.name not in totals.index and scheme.name not in not_covered:
            continue
        row = {"scheme": scheme.name, "unit": scheme.entity}
        if scheme.name in not_covered:
            row.update(status=f"not covered: {not_covered[scheme.name]}")
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
                    status=("ok (no eligible units in this population)" if t["eligible_n"] == 0 else
                            "ok" if not scheme.in_kind or scheme.value_per_year else "ok (in kind: euros not valued)"),
                )
        rows.append(row)
    columns = ["scheme", "unit", "eligible_units", "recipients", "non_take_up_rate", "unclaimed_eur_per_year", "spending_eur_per_year", "status"]
    return pandas.DataFrame(rows).reindex(columns=columns)


def breakdown_table(results: Results, variant: str = "basis", min_cell: int = 0, scenario: str = "baseline") -> pandas.DataFrame:
    """Per scheme and group (household type, age group, income decile): the same measures."""
    frame = results.aggregates.query("variant == @variant and dimension != 'totaal' and scenario == @scenario").copy()
    frame["non_take_up_rate"] = 1 - frame["recipients"] / frame["eligible_units"].where(frame["eligible_units"] > 0)
    if min_cell:
        small = frame["eligible_n"] < min_cell
        frame.loc[small, ["eligible_units", "recipients", "non_take_up_rate", "unclaimed_eur", "spending_eur", "entitled_eur"]] = numpy.nan
    frame["unit"] = frame["scheme"].map(lambda s: BY_NAME[s].entity)
    return frame[["scheme", "unit", "dimension", "group", "eligible_units", "recipients", "non_take_up_rate", "unclaimed_eur", "spending_eur", "eligible_n"]]


def intervals_table(results: Results, scenario: str = "baseline") -> pandas.DataFrame:
    """Per scheme: the main value and the range over the take-up variants (seeds, low and high rates)."""
    totals = results.aggregates.query("dimension == 'totaal' and scenario == @scenario").copy()
    totals["non_take_up_rate"] = 1 - totals["recipients"] / totals["eligible_units"].where(totals["eligible_units"] > 0)
    out = totals.groupby("scheme").agg(
        non_take_up_rate_min=("non_take_up_rate", "min"), non_take_up_rate_max=("non_take_up_rate", "max"),
        unclaimed_eur_min=("unclaimed_eur", "min"), unclaimed_eur_max=("unclaimed_eur", "max"),
        spending_eur_min=("spending_eur", "min"), spending_eur_max=("spending_eur", "max"))
    return out.reset_index()


def poverty_table(results: Results, min_cell: int = 0, scenario: str = "baseline") -> pandas.DataFrame:
    frame = results.poverty.query("variant == 'basis' and scenario == @scenario").copy()
    if min_cell:
        frame.loc[frame["gezinnen_n"] < min_cell, ["gezinnen", "below_full_take_up", "below_modelled"]] = numpy.nan
    return frame[["dimension", "group", "gezinnen", "below_full_take_up", "below_modelled", "gezinnen_n"]]


def comparison_table(results: Results, scenario: str, min_cell: int = 0) -> pandas.DataFrame:
    """Reform minus baseline per scheme and in total (weighted, per year), with the range over the take-up variants.

    Columns: change in spending, recipients, unclaimed euros and eligible units; applications still needed and
    applications removed; units reached ambtshalve, wrongly granted (granted without a right under the rules), still
    missed (eligible, not receiving); gezinnen below the social minimum. ``*_min``/``*_max``: over the variants.
    """
    from openfisca_amsterdam.reforms_registry import available, split

    agg = results.aggregates.query("dimension == 'totaal'")
    base = agg.query("scenario == 'baseline'").set_index(["variant", "scheme"])
    reform = agg.query("scenario == @scenario").set_index(["variant", "scheme"])
    both = reform[SUM_COLUMNS].join(base[SUM_COLUMNS].add_suffix("_base"), how="outer").fillna(0.0)
    out = pandas.DataFrame({
        "spending_change_eur": both["spending_eur"] - both["spending_eur_base"],
        "recipients_change": both["recipients"] - both["recipients_base"],
        "unclaimed_change_eur": both["unclaimed_eur"] - both["unclaimed_eur_base"],
        "eligible_change": both["eligible_units"] - both["eligible_units_base"],
        "applications_removed": both["applications_base"] - both["applications"],
        "ambtshalve_reached": both["ambtshalve_reached"],
        "wrongly_granted": both["wrongly_granted"],
        "still_missed": both["eligible_units"] - both["recipients"],
    }).reset_index()
    base_nc, reform_nc = results.not_covered.get("baseline", {}), results.not_covered.get(scenario, {})
    present = set(reform.index.get_level_values("scheme")) | set(base.index.get_level_values("scheme"))
    status = {name: ("not covered in the baseline: " + base_nc[name]) if name in base_nc else
              ("not covered in the reform: " + reform_nc[name]) if name in reform_nc else "ok" for name in present}
    out["status"] = out["scheme"].map(status)
    if min_cell:  # disclosure: a change resting on fewer than min_cell unweighted units in either run is not published
        few = (both[["eligible_n", "eligible_n_base"]].replace(0, numpy.nan).min(axis=1) < min_cell).reindex(
            pandas.MultiIndex.from_frame(out[["variant", "scheme"]])).to_numpy()
        out.loc[few & (out["status"] == "ok").to_numpy(), "status"] = f"suppressed (fewer than {min_cell} units)"
    # a scheme not covered in one of the two runs has no comparison (no silent 0 for the missing side)
    out.loc[out["status"] != "ok", out.columns.difference(["variant", "scheme", "status"])] = numpy.nan
    total = out.query("status == 'ok'").groupby("variant", sort=True).sum(numeric_only=True).reset_index()
    total = total.assign(scheme="totaal", status="ok (sum over the schemes covered in both runs; units counted once per scheme)")
    out = pandas.concat([out, total])
    poverty = results.poverty.query("dimension == 'totaal'").set_index(["scenario", "variant"])["below_modelled"]
    below = (poverty.xs(scenario, level="scenario") - poverty.xs("baseline", level="scenario")).rename("below_social_minimum_change")
    out = out.merge(below.reset_index(), on="variant", how="left")
    out.loc[out["scheme"] != "totaal", "below_social_minimum_change"] = numpy.nan
    main = out.query("variant == 'basis'").set_index("scheme").drop(columns="variant")
    status_column = main.pop("status")
    spread = out.groupby("scheme").agg({c: ["min", "max"] for c in ("spending_change_eur", "unclaimed_change_eur", "recipients_change")})
    spread.columns = [f"{a}_{b}" for a, b in spread.columns]
    table = main.join(spread).join(status_column).reset_index()
    steps = 0 if scenario == "parametric" else sum(available()[name].steps_removed for name in split([scenario]))
    table["steps_removed_per_citizen"] = steps
    order = {s.name: i for i, s in enumerate(SCHEMES)} | {"totaal": len(SCHEMES)}
    return table.sort_values("scheme", key=lambda c: c.map(order)).reset_index(drop=True)


def winners_losers_table(results: Results, scenario: str, min_cell: int = 0) -> pandas.DataFrame:
    """Gezinnen whose yearly money (net income plus received benefits) rises or falls by more than one euro, by group."""
    frame = results.winners.query("scenario == @scenario and variant == 'basis'").copy()
    frame["average_gain_eur"] = frame["gain_eur"] / frame["winners"].where(frame["winners"] > 0)
    frame["average_loss_eur"] = frame["loss_eur"] / frame["losers"].where(frame["losers"] > 0)
    if min_cell:
        frame.loc[frame["winners_n"] < min_cell, ["winners", "average_gain_eur"]] = numpy.nan
        frame.loc[frame["losers_n"] < min_cell, ["losers", "average_loss_eur"]] = numpy.nan
    return frame[["dimension", "group", "gezinnen", "winners", "average_gain_eur", "losers", "average_loss_eur", "below_change", "winners_n", "losers_n"]]


def unit_changes(population: pandas.DataFrame, year: int, scenario: str, seed: int = 0) -> pandas.DataFrame:
    """Per gezin of a (small) validated population: yearly money (net income plus received benefits) in the baseline
    and under ``scenario``, with the same draws. For tests and for looking at individual cases; one chunk."""
    from openfisca_amsterdam.analysis import chunk
    from openfisca_amsterdam.reforms_registry import split

    table = add_deciles(validate(population, system_for((), ()), year))
    variants = model.default_variants(seed, uncertainty=False)
    intercepts: dict = {}
    *_, base, shared = chunk._scenario(table, year, variants, intercepts, (), True, None)
    *_, reform, _ = chunk._scenario(table, year, variants, intercepts, tuple(split([scenario])), True, shared)
    gezin_ids = numpy.unique(table["gezin_id"].to_numpy())
    return pandas.DataFrame({"gezin_id": gezin_ids, "baseline": base.income["basis"], "reform": reform.income["basis"]})
