"""Calibrate household weights to published Amsterdam aggregates, and report target vs generated.

Targets (with sources) are in ``data/targets.yaml``. Weights are raked (minimum Kullback-Leibler distance to
the design weights, solved by Newton's method on the Lagrange multipliers; no loop over households) to every
``raked`` target: households by type and size, persons by age band, tenure, and two targets that need the
rules themselves: gezinnen entitled to bijstand and minima households (income up to 120% of the social
minimum within the bijstand asset limit), computed for January of the year with the real rules.
"""

from __future__ import annotations

import importlib.resources

import numpy
import pandas
import yaml

from openfisca_amsterdam.population.schema import validate

AGE_BANDS = [(0, 9), (10, 19), (20, 29), (30, 39), (40, 49), (50, 59), (60, 69), (70, 79), (80, 200)]


def load_targets() -> dict:
    text = importlib.resources.files("openfisca_amsterdam.population").joinpath("data/targets.yaml").read_text()
    return yaml.safe_load(text)


def _rules_indicators(table, system, year):
    from openfisca_amsterdam.analysis.simulation import build

    sim, firsts = build(table, system, year)
    month = f"{year}-01"
    bijstand = numpy.asarray(sim.calculate("bijstand", month)) > 0
    income = sum(numpy.asarray(sim.calculate(v, month)) for v in ("gezin_netto_inkomen", "bijstand", "aio"))
    minima = (income <= 1.2 * numpy.asarray(sim.calculate("bijstandsnorm", month))) & numpy.asarray(sim.calculate("voldoet_aan_vermogenstoets_bijstand", month))
    gezin_ids, gezin_of_person = numpy.unique(table["gezin_id"].to_numpy(), return_inverse=True)
    hh_ids, hh_of_person = numpy.unique(table["huishouden_id"].to_numpy(), return_inverse=True)
    hh_of_gezin = hh_of_person[firsts["gezin"]]
    bijstand_per_hh = numpy.bincount(hh_of_gezin, bijstand, hh_ids.size)
    minima_per_hh = minima[gezin_of_person[firsts["huishouden"]]]
    return hh_ids, bijstand_per_hh, minima_per_hh


def indicators(table: pandas.DataFrame, system, year: int) -> tuple[pandas.DataFrame, pandas.DataFrame]:
    """(household-level constraint matrix with one column per target cell, target table)."""
    targets = load_targets()
    people = table.assign(
        _adult=table["rol"].eq("volwassene"),
        _age=(numpy.datetime64(f"{year}-01-01") - table["geboortedatum"].to_numpy().astype("datetime64[D]")).astype(int) // 365.25,
    )
    hh_ids, bijstand, minima = _rules_indicators(table, system, year)
    grouped = people.groupby("huishouden_id", sort=True)
    size = grouped.size().reindex(hh_ids).to_numpy()
    gezinnen = grouped["gezin_id"].nunique().reindex(hh_ids).to_numpy()
    first_gezin = grouped["gezin_id"].first()
    in_first = people[people["gezin_id"].isin(first_gezin.to_numpy())].assign(_kid=lambda f: ~f["_adult"])
    first = in_first.groupby("huishouden_id", sort=True)
    adults = first["_adult"].sum().reindex(hh_ids).to_numpy()
    kids = first["_kid"].sum().reindex(hh_ids).to_numpy()
    htype = numpy.select([adults == 2, (adults == 1) & (kids > 0), size == 1], ["paar", "eenouder", "eenpersoons"], "overig")
    columns, rows = {}, []

    def add(name, cell, values, target, kind, source):
        columns[f"{name}:{cell}"] = numpy.asarray(values, dtype=float)
        rows.append({"target": name, "cell": cell, "value": float(target), "kind": kind, "source": source})

    t = targets["huishoudtype"]
    for cell, value in t["values"].items():
        add("huishoudtype", cell, htype == cell, value, t["kind"], t["source"])
    t = targets["huishoudgrootte"]
    for cell, value in t["values"].items():
        add("huishoudgrootte", cell, (size >= 5) if cell == "5+" else (size == int(cell)), value, t["kind"], t["source"])
    t = targets["leeftijd"]
    shares = pandas.Series(t["shares_from"], dtype=float)
    shares = shares / shares.sum()
    for (low, high), (cell, share) in zip(AGE_BANDS, shares.items()):
        count = people.assign(_in=people["_age"].between(low, high)).groupby("huishouden_id", sort=True)["_in"].sum().reindex(hh_ids)
        add("leeftijd", cell, count, share * t["persons_total"], t["kind"], t["source"])
    total = targets["huishoudens_totaal"]["value"]
    if "woningbezit" in table.columns:
        t = targets["woningbezit"]
        tenure = grouped["woningbezit"].first().reindex(hh_ids).to_numpy()
        for cell, share in t["shares"].items():
            add("woningbezit", cell, tenure == cell, share * total, t["kind"], t["source"])
    t = targets["bijstand_rechthebbend"]
    add("bijstand_rechthebbend", "gezinnen", bijstand, t["value"], t["kind"], t["source"])
    t = targets["minima_120"]
    add("minima_120", "huishoudens", minima, t["share"] * total, t["kind"], t["source"])
    frame = pandas.DataFrame(columns, index=hh_ids)
    return frame, pandas.DataFrame(rows)


def rake(matrix: numpy.ndarray, targets: numpy.ndarray, design: numpy.ndarray, iterations: int = 100) -> numpy.ndarray:
    """Weights w = design * exp(A lambda) with A'w = targets (least squares where targets conflict)."""
    a = matrix / targets  # each constraint scaled to 1
    lam = numpy.zeros(a.shape[1])
    for _ in range(iterations):
        w = design * numpy.exp(numpy.clip(a @ lam, -30, 30))
        gap = a.T @ w - 1
        if numpy.abs(gap).max() < 1e-9:
            break
        hessian = a.T @ (a * w[:, None])
        step = numpy.linalg.lstsq(hessian, gap, rcond=None)[0]
        lam -= step
    return design * numpy.exp(numpy.clip(a @ lam, -30, 30))


def calibrate(table: pandas.DataFrame, system, year: int) -> tuple[pandas.DataFrame, pandas.DataFrame]:
    """Raked weights on the table (column ``gewicht``) and the calibration report."""
    table = validate(table, system, year)
    targets = load_targets()
    frame, target_rows = indicators(table, system, year)
    total = targets["huishoudens_totaal"]["value"]
    design = numpy.full(len(frame), total / len(frame))
    raked = (target_rows["kind"] == "raked").to_numpy()
    matrix = frame.to_numpy()
    weights = rake(matrix[:, raked], target_rows["value"].to_numpy()[raked], design)
    report = target_rows.assign(
        generated_unweighted=matrix.T @ design,
        calibrated=matrix.T @ weights,
    )
    report["difference"] = report["calibrated"] / report["value"] - 1
    report = pandas.concat([report, _checks(table, frame.index, weights, targets)], ignore_index=True)
    report = pandas.concat([pandas.DataFrame([{"target": "huishoudens_totaal", "cell": "huishoudens", "value": total, "kind": "raked",
                                               "source": targets["huishoudens_totaal"]["source"], "generated_unweighted": design.sum(),
                                               "calibrated": weights.sum(), "difference": weights.sum() / total - 1}]), report], ignore_index=True)
    table = table.assign(gewicht=table["huishouden_id"].map(pandas.Series(weights, index=frame.index)).to_numpy())
    return table, report


def _checks(table, hh_ids, weights, targets):
    rows = []
    if "woningbezit" not in table.columns:
        return pandas.DataFrame(rows)
    hh = table.groupby("huishouden_id", sort=True)[["woningbezit", "kale_huur"]].first().reindex(hh_ids)
    for name, tenure in (("huur_corporatie_gemiddeld", "corporatie"), ("huur_particulier_gemiddeld", "particulier")):
        t = targets[name]
        mask = (hh["woningbezit"] == tenure).to_numpy()
        design_mean = hh["kale_huur"].to_numpy()[mask].mean() if mask.any() else numpy.nan
        mean = numpy.average(hh["kale_huur"].to_numpy()[mask], weights=weights[mask]) if mask.any() else numpy.nan
        rows.append({"target": name, "cell": "EUR per month", "value": t["value"], "kind": t["kind"], "source": t["source"],
                     "generated_unweighted": design_mean, "calibrated": mean, "difference": mean / t["value"] - 1})
    return pandas.DataFrame(rows)
