"""The tables of a population run (weighted to the city), read from
:class:`openfisca_amsterdam.analysis.run.Results`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy
import pandas

from openfisca_amsterdam.analysis.chunk import SUM_COLUMNS
from openfisca_amsterdam.takeup.schemes import BY_NAME, SCHEMES

if TYPE_CHECKING:  # run.py imports this module: the annotation only
    from openfisca_amsterdam.analysis.run import Results


def non_take_up_table(
    results: Results, variant: str = "basis", min_cell: int = 0, scenario: str = "baseline"
) -> pandas.DataFrame:
    """The stable table: one row per scheme, weighted to the city, for the year (see docs/simulate.md)."""
    rows = []
    totals = results.aggregates.query(
        "dimension == 'totaal' and variant == @variant and scenario == @scenario"
    ).set_index("scheme")
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
                    non_take_up_rate=round(1 - t["recipients"] / t["eligible_units"], 4)
                    if t["eligible_units"] > 0
                    else numpy.nan,
                    unclaimed_eur_per_year=round(t["unclaimed_eur"], 0),
                    spending_eur_per_year=round(t["spending_eur"], 0),
                    not_covered_units=round(t["not_covered_units"], 1),
                    not_covered_share=round(t["not_covered_units"] / t["candidate_units"], 4)
                    if t["candidate_units"] > 0
                    else numpy.nan,
                    status=(
                        f"not covered for every candidate unit: {_reasons(results, scenario, scheme.name)}"
                        if t["not_covered_n"] > 0 and t["not_covered_units"] >= t["candidate_units"]
                        else f"ok except {t['not_covered_units'] / t['candidate_units']:.1%} of units not covered: "
                        f"{_reasons(results, scenario, scheme.name)}"
                        if t["not_covered_n"] > 0
                        else "ok (no eligible units in this population)"
                        if t["eligible_n"] == 0
                        else "ok"
                        if not scheme.in_kind or scheme.value_per_year
                        else "ok (in kind: euros not valued)"
                    ),
                )
        rows.append(row)
    columns = [
        "scheme",
        "unit",
        "eligible_units",
        "recipients",
        "non_take_up_rate",
        "unclaimed_eur_per_year",
        "spending_eur_per_year",
        "not_covered_units",
        "not_covered_share",
        "status",
    ]
    table = pandas.DataFrame(rows).reindex(columns=columns)
    if getattr(results, "projected", ""):
        table["status"] = "PROJECTED (not law): " + table["status"].astype(str)
    return table


def _reasons(results, scenario: str, scheme: str) -> str:
    """The parameters that left units of ``scheme`` out, the most units first."""
    frame = results.uncovered
    if frame is None or frame.empty:
        return "see uncovered.csv"
    rows = frame.query("scenario == @scenario and scheme == @scheme").sort_values("units", ascending=False)
    return "; ".join(rows["parameter"]) if len(rows) else "see uncovered.csv"


def breakdown_table(
    results: Results, variant: str = "basis", min_cell: int = 0, scenario: str = "baseline"
) -> pandas.DataFrame:
    """Per scheme and group (household type, age group, income decile): the same measures."""
    frame = results.aggregates.query("variant == @variant and dimension != 'totaal' and scenario == @scenario").copy()
    frame["non_take_up_rate"] = 1 - frame["recipients"] / frame["eligible_units"].where(frame["eligible_units"] > 0)
    if min_cell:
        small = frame["eligible_n"] < min_cell
        frame.loc[
            small, ["eligible_units", "recipients", "non_take_up_rate", "unclaimed_eur", "spending_eur", "entitled_eur"]
        ] = numpy.nan
    frame["unit"] = frame["scheme"].map(lambda s: BY_NAME[s].entity)
    return frame[
        [
            "scheme",
            "unit",
            "dimension",
            "group",
            "eligible_units",
            "recipients",
            "non_take_up_rate",
            "unclaimed_eur",
            "spending_eur",
            "eligible_n",
        ]
    ]


#: From this many Monte Carlo draws on, the intervals are the 5th and 95th percentiles; below, the range.
PERCENTILE_DRAWS = 20


def _interval_variants(results) -> list[str]:
    """The main variant and the Monte Carlo draws (not the one-at-a-time sensitivity variants)."""
    return [v.name for v in results.variants if not v.moves]


def intervals_table(results: Results, scenario: str = "baseline") -> pandas.DataFrame:
    """Per scheme, and for all schemes together (``totaal``): the main value and the interval over the Monte Carlo
    draws of the take-up assumptions (seeds, rates within their published ranges, rho and the determinants:
    docs/takeup.md#uncertainty). With fewer than 20 draws the interval is their range, else the 5th-95th percentile."""
    names = _interval_variants(results)
    totals = results.aggregates.query("dimension == 'totaal' and scenario == @scenario and variant in @names").copy()
    sums = ["recipients", "eligible_units", "unclaimed_eur", "spending_eur"]
    summed = totals.groupby("variant", as_index=False)[sums]
    totals = pandas.concat([totals, summed.sum().assign(scheme="totaal")], ignore_index=True)
    totals["non_take_up_rate"] = 1 - totals["recipients"] / totals["eligible_units"].where(totals["eligible_units"] > 0)
    draws = len(names) - 1
    low, high = (0.05, 0.95) if draws >= PERCENTILE_DRAWS else (0.0, 1.0)
    columns = ["non_take_up_rate", "unclaimed_eur", "spending_eur"]
    grouped = totals.groupby("scheme", sort=True)[columns]
    out = grouped.quantile(low).add_suffix("_low").join(grouped.quantile(high).add_suffix("_high"))
    main = totals.query("variant == 'basis'").set_index("scheme")[columns]
    out = main.join(out).reset_index()
    out["draws"] = draws
    out["interval"] = "5th-95th percentile" if draws >= PERCENTILE_DRAWS else "range of the draws"
    order = [c for name in columns for c in (name, f"{name}_low", f"{name}_high")]
    return out[["scheme", *order, "draws", "interval"]]


def sensitivity_table(results: Results, scenario: str = "baseline") -> pandas.DataFrame:
    """One assumption at a time at the low and high end of its range (the others at their central values): the
    total unclaimed euros per year, ranked by how much it moves (the tornado chart). Empty without ``sensitivity``."""
    moved = {v.name: v for v in results.variants if v.moves}
    if not moved:
        return pandas.DataFrame(
            columns=["assumption", "low", "high", "unclaimed_eur_low", "unclaimed_eur_high", "swing_eur", "rank"]
        )
    totals = results.aggregates.query("dimension == 'totaal' and scenario == @scenario")
    unclaimed = totals.groupby("variant")["unclaimed_eur"].sum()
    rows = {}
    for name, variant in moved.items():
        end = "low" if name.endswith("_laag") else "high"
        row = rows.setdefault(variant.moves, {"assumption": variant.moves})
        value = dict(variant.assumptions).get(variant.moves)
        # the assumption's value at this end, as text (the rates and the draws are not one number)
        row[end] = {"niet_gebruik": f"rates at {variant.level}", "trekking": f"seed {variant.seed}"}.get(
            variant.moves, f"{value:.4g}" if value is not None else ""
        )
        row[f"unclaimed_eur_{end}"] = float(unclaimed.get(name, numpy.nan))
    out = pandas.DataFrame(list(rows.values()))
    out["swing_eur"] = (out["unclaimed_eur_high"] - out["unclaimed_eur_low"]).abs()
    out = out.sort_values(["swing_eur", "assumption"], ascending=[False, True]).reset_index(drop=True)
    out["rank"] = numpy.arange(1, len(out) + 1)
    out["unclaimed_eur_central"] = float(unclaimed.get("basis", numpy.nan))
    return out


def poverty_table(results: Results, min_cell: int = 0, scenario: str = "baseline") -> pandas.DataFrame:
    frame = results.poverty.query("variant == 'basis' and scenario == @scenario").copy()
    if min_cell:
        frame.loc[frame["gezinnen_n"] < min_cell, ["gezinnen", "below_full_take_up", "below_modelled"]] = numpy.nan
    return frame[["dimension", "group", "gezinnen", "below_full_take_up", "below_modelled", "gezinnen_n"]]


def poverty_lines_table(results: Results, variant: str = "basis") -> pandas.DataFrame:
    """``poverty.csv``: persons below each poverty line (docs/poverty.md), per scenario, line, dimension and group.

    ``line``: ``vast`` (the baseline's social minimum, the same in every scenario), ``vast_diep`` (half of it) and
    ``eigen_norm`` (the scenario's own bijstandsnorm); ``dimension``: ``totaal`` (one row per scenario and line),
    ``persoonsgroep`` (children, AOW age, other adults), and the gezin breakdowns (household type, age group of the
    eldest adult, income decile). ``rate`` = persons_below / persons (covered gezinnen only).
    """
    from openfisca_amsterdam.analysis.aggregate import PERSON_GROUPS, POVERTY_LINES

    frame = results.poverty.query("variant == @variant")
    rows = []
    for record in frame.to_dict("records"):
        groups = PERSON_GROUPS.items() if record["dimension"] == "totaal" else [("alle", "personen")]
        for line in POVERTY_LINES:
            for group, column in groups:
                dimension = record["dimension"] if group == "alle" else "persoonsgroep"
                persons = record.get(f"persons_{column}", numpy.nan)
                below = record.get(f"below_{line}_{column}", numpy.nan)
                rows.append(
                    {
                        "scenario": record["scenario"],
                        "line": line,
                        "dimension": dimension,
                        "group": group if dimension == "persoonsgroep" else record["group"],
                        "persons": persons,
                        "persons_below": below,
                        "rate": below / persons if persons and persons > 0 else numpy.nan,
                    }
                )
    columns = ["scenario", "line", "dimension", "group", "persons", "persons_below", "rate"]
    out = pandas.DataFrame(rows, columns=columns)
    order = {name: k for k, name in enumerate(["baseline", *results.scenarios])}
    out["_s"] = out["scenario"].map(order)
    out["_d"] = out["dimension"].map(
        {"totaal": 0, "persoonsgroep": 1, "huishoudtype": 2, "leeftijdsgroep": 3, "inkomensdeciel": 4}
    )
    out["_g"] = pandas.to_numeric(out["group"], errors="coerce")
    out = out.sort_values(["_s", "line", "_d", "_g", "group"], kind="stable").drop(columns=["_s", "_d", "_g"])
    return out.reset_index(drop=True)


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
    out = pandas.DataFrame(
        {
            "spending_change_eur": both["spending_eur"] - both["spending_eur_base"],
            "recipients_change": both["recipients"] - both["recipients_base"],
            "unclaimed_change_eur": both["unclaimed_eur"] - both["unclaimed_eur_base"],
            "eligible_change": both["eligible_units"] - both["eligible_units_base"],
            "applications_removed": both["applications_base"] - both["applications"],
            "ambtshalve_reached": both["ambtshalve_reached"],
            "wrongly_granted": both["wrongly_granted"],
            "still_missed": both["eligible_units"] - both["recipients"],
        }
    ).reset_index()
    base_nc, reform_nc = results.not_covered.get("baseline", {}), results.not_covered.get(scenario, {})
    present = set(reform.index.get_level_values("scheme")) | set(base.index.get_level_values("scheme"))
    status = {
        name: ("not covered in the baseline: " + base_nc[name])
        if name in base_nc
        else ("not covered in the reform: " + reform_nc[name])
        if name in reform_nc
        else "ok"
        for name in present
    }
    out["status"] = out["scheme"].map(status)
    # units not covered in either run are left out of both: the change is that of the covered units, and says so
    share = (
        (
            both[["not_covered_units", "not_covered_units_base"]].max(axis=1)
            / both["candidate_units_base"].where(both["candidate_units_base"] > 0)
        )
        .reindex(pandas.MultiIndex.from_frame(out[["variant", "scheme"]]))
        .to_numpy()
    )
    partly = (out["status"] == "ok").to_numpy() & (numpy.nan_to_num(share) > 0)
    out.loc[partly, "status"] = [
        f"ok except {s:.1%} of units not covered in the baseline or the reform (left out of both)"
        for s in share[partly]
    ]
    if min_cell:  # disclosure: a change resting on fewer than min_cell unweighted units in either run is not published
        few = (
            (both[["eligible_n", "eligible_n_base"]].replace(0, numpy.nan).min(axis=1) < min_cell)
            .reindex(pandas.MultiIndex.from_frame(out[["variant", "scheme"]]))
            .to_numpy()
        )
        out.loc[few & out["status"].str.startswith("ok").to_numpy(), "status"] = (
            f"suppressed (fewer than {min_cell} units)"
        )
    # a scheme not covered in one of the two runs has no comparison (no silent 0 for the missing side)
    out.loc[~out["status"].str.startswith("ok"), out.columns.difference(["variant", "scheme", "status"])] = numpy.nan
    total = out[out["status"].str.startswith("ok")].groupby("variant", sort=True).sum(numeric_only=True).reset_index()
    total = total.assign(
        scheme="totaal", status="ok (sum over the schemes covered in both runs; units counted once per scheme)"
    )
    out = pandas.concat([out, total])
    poverty = results.poverty.query("dimension == 'totaal'").set_index(["scenario", "variant"])["below_modelled"]
    below = (poverty.xs(scenario, level="scenario") - poverty.xs("baseline", level="scenario")).rename(
        "below_social_minimum_change"
    )
    out = out.merge(below.reset_index(), on="variant", how="left")
    out.loc[out["scheme"] != "totaal", "below_social_minimum_change"] = numpy.nan
    main = out.query("variant == 'basis'").set_index("scheme").drop(columns="variant")
    status_column = main.pop("status")
    spread = out.groupby("scheme").agg(
        {c: ["min", "max"] for c in ("spending_change_eur", "unclaimed_change_eur", "recipients_change")}
    )
    spread.columns = [f"{a}_{b}" for a, b in spread.columns]
    table = main.join(spread).join(status_column).reset_index()
    steps = 0 if scenario == "parametric" else sum(available()[name].steps_removed for name in split([scenario]))
    table["steps_removed_per_citizen"] = steps
    order = {s.name: i for i, s in enumerate(SCHEMES)} | {"totaal": len(SCHEMES)}
    return table.sort_values("scheme", key=lambda c: c.map(order)).reset_index(drop=True)


def winners_losers_table(results: Results, scenario: str, min_cell: int = 0) -> pandas.DataFrame:
    """Gezinnen whose yearly money (net income plus received benefits) rises or falls by more than one euro, by
    group."""
    frame = results.winners.query("scenario == @scenario and variant == 'basis'").copy()
    frame["average_gain_eur"] = frame["gain_eur"] / frame["winners"].where(frame["winners"] > 0)
    frame["average_loss_eur"] = frame["loss_eur"] / frame["losers"].where(frame["losers"] > 0)
    if min_cell:
        frame.loc[frame["winners_n"] < min_cell, ["winners", "average_gain_eur"]] = numpy.nan
        frame.loc[frame["losers_n"] < min_cell, ["losers", "average_loss_eur"]] = numpy.nan
    return frame[
        [
            "dimension",
            "group",
            "gezinnen",
            "winners",
            "average_gain_eur",
            "losers",
            "average_loss_eur",
            "below_change",
            "winners_n",
            "losers_n",
        ]
    ]
