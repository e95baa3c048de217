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


#: Households per block of the rules pass (bounded memory; each block is one task on Dask).
RULES_BLOCK = 20_000


#: The variables of the raking's rules indicators, for January of the year (:func:`rules_indicators`).
RULES_VARIABLES = (
    "bijstand",
    "gezin_netto_inkomen",
    "aio",
    "bijstandsnorm",
    "voldoet_aan_vermogenstoets_bijstand",
    "heeft_aow_leeftijd",
)


def block_indicators(key, sub, system, year):
    """The rules indicators of one block of whole households (:func:`rules_indicators`) from its own simulation.
    ``system``: a tax-benefit system, or the tuple of reform names of ``analysis.systems.system_for`` (a task on
    Dask)."""
    from openfisca_amsterdam.analysis.simulation import build

    if isinstance(system, tuple):
        from openfisca_amsterdam.analysis.chunk import _tune_allocator
        from openfisca_amsterdam.analysis.systems import system_for

        _tune_allocator()
        system = system_for(system, ())
    sim, firsts = build(sub, system, year)
    return rules_indicators(sim, firsts, sub, year)


def rules_indicators(sim, firsts, sub, year):
    """The rules indicators of whole households ``sub`` simulated in ``sim`` (its cached values are used): (household
    ids sorted, gezinnen entitled to bijstand, main gezin a minima gezin in a household without students, persons of
    AOW age in such a main gezin), all for January of ``year``."""
    month = f"{year}-01"
    bijstand = numpy.asarray(sim.calculate("bijstand", month)) > 0
    income = sum(numpy.asarray(sim.calculate(v, month)) for v in ("gezin_netto_inkomen", "bijstand", "aio"))
    minima = (income <= 1.2 * numpy.asarray(sim.calculate("bijstandsnorm", month))) & numpy.asarray(
        sim.calculate("voldoet_aan_vermogenstoets_bijstand", month)
    )
    gezin_of_person = numpy.unique(sub["gezin_id"].to_numpy(), return_inverse=True)[1]
    hh_ids, hh_of_person = numpy.unique(sub["huishouden_id"].to_numpy(), return_inverse=True)
    # O&S counts minima households without students (the base of its published count)
    student = sub["is_student"].to_numpy(bool) if "is_student" in sub else numpy.zeros(len(sub), bool)
    with_student = numpy.bincount(hh_of_person, student, hh_ids.size) > 0
    main_minima = minima[gezin_of_person[firsts["huishouden"]]] & ~with_student
    # persons of AOW age in the main gezin of a minima household (the older minima O&S counts)
    older = numpy.asarray(sim.calculate("heeft_aow_leeftijd", month)) & (
        gezin_of_person == gezin_of_person[firsts["huishouden"]][hh_of_person]
    )
    return (
        hh_ids,
        numpy.bincount(hh_of_person[firsts["gezin"]], bijstand, hh_ids.size),
        main_minima,
        numpy.bincount(hh_of_person, older, hh_ids.size) * main_minima,
    )


def combine_indicators(results) -> tuple:
    """The rules indicators of blocks (or chunks) of whole households, as one tuple in the order of sorted ids."""
    ids = numpy.concatenate([r[0] for r in results])
    order = numpy.argsort(ids, kind="stable")
    return tuple(numpy.concatenate([r[k] for r in results])[order] for k in range(4))


def _in_process(function, keys, arguments):
    return [function(key, *arguments(key)) for key in keys]


def _rules_indicators(table, system, year, mapper=None, reforms=None):
    """Per household (sorted ids): gezinnen entitled to bijstand, and whether the main gezin is a minima gezin (in a
    household without students, as O&S counts them).

    Computed for January with the real rules, in blocks of households to bound memory; ``mapper`` (``Executor.map``
    of the population run) runs the blocks as tasks, with the system named by ``reforms``.
    """
    block = pandas.factorize(table["huishouden_id"])[0] // RULES_BLOCK
    parts = numpy.unique(block)
    keys = [f"rules-{year}-{len(table)}-{part}" for part in parts]
    by_key = dict(zip(keys, parts, strict=True))
    which = system if mapper is None or reforms is None else tuple(reforms)
    results = (mapper or _in_process)(block_indicators, keys, lambda key: (table[block == by_key[key]], which, year))
    return combine_indicators(results)


def indicators(
    table: pandas.DataFrame, system, year: int, mapper=None, reforms=None, rules=None
) -> tuple[pandas.DataFrame, pandas.DataFrame]:
    """(household-level constraint matrix with one column per target cell, target table). ``rules``: the rules
    indicators already computed (:func:`combine_indicators` of the population run's chunks), else a rules pass."""
    targets = load_targets()
    age = (numpy.datetime64(f"{year}-01-01") - table["geboortedatum"].to_numpy().astype("datetime64[D]")).astype(
        int
    ) // 365.25
    adult = table["rol"].to_numpy() == "volwassene"
    hh_ids, hh = numpy.unique(table["huishouden_id"].to_numpy(), return_inverse=True)
    if rules is None:
        rules = _rules_indicators(table, system, year, mapper, reforms)
    rules_ids, bijstand, minima, older_minima = rules
    assert numpy.array_equal(rules_ids, hh_ids)
    n = hh_ids.size
    size = numpy.bincount(hh, minlength=n)
    # the household's main gezin: the gezin of its first row
    first_row = numpy.full(n, len(table))
    numpy.minimum.at(first_row, hh, numpy.arange(len(table)))
    gezin = table["gezin_id"].to_numpy()
    in_first = gezin == gezin[first_row][hh]
    adults = numpy.bincount(hh, in_first & adult, n)
    kids = numpy.bincount(hh, in_first & ~adult, n)
    htype = numpy.select(
        [adults == 2, (adults == 1) & (kids > 0), size == 1], ["paar", "eenouder", "eenpersoons"], "overig"
    )
    columns, rows = {}, []

    def add(name, cell, values, target, kind, source):
        columns[f"{name}:{cell}"] = numpy.asarray(values, dtype=float)
        rows.append({"target": name, "cell": cell, "value": float(target), "kind": kind, "source": source})

    t = targets["huishoudtype"]
    for cell, value in t["values"].items():
        add("huishoudtype", cell, htype == cell, value, t["kind"], t["source"])
    t = targets["huishoudgrootte"]
    for cell, value in t["values"].items():
        add(
            "huishoudgrootte", cell, (size >= 5) if cell == "5+" else (size == int(cell)), value, t["kind"], t["source"]
        )
    t = targets["leeftijd"]
    shares = pandas.Series(t["shares_from"], dtype=float)
    shares = shares / shares.sum()
    for (low, high), (cell, share) in zip(AGE_BANDS, shares.items(), strict=True):
        count = numpy.bincount(hh, (age >= low) & (age <= high), n)
        add("leeftijd", cell, count, share * t["persons_total"], t["kind"], t["source"])
    total = targets["huishoudens_totaal"]["value"]
    if "woningbezit" in table.columns:
        t = targets["woningbezit"]
        tenure = table["woningbezit"].to_numpy()[first_row]
        for cell, share in t["shares"].items():
            add("woningbezit", cell, tenure == cell, share * total, t["kind"], t["source"])
    t = targets["bijstand_rechthebbend"]
    add("bijstand_rechthebbend", "gezinnen", bijstand, t["value"], t["kind"], t["source"])
    t = targets["minima_120"]
    add("minima_120", "huishoudens", minima, t.get("value", t.get("share", 0) * total), t["kind"], t["source"])
    if "minima_aow" in targets:
        t = targets["minima_aow"]
        add("minima_aow", "personen", older_minima, t["value"], t["kind"], t["source"])
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


def calibrate(
    table: pandas.DataFrame, system, year: int, mapper=None, reforms=None, rules=None
) -> tuple[pandas.DataFrame, pandas.DataFrame]:
    """Raked weights on the table (column ``gewicht``) and the calibration report. ``mapper`` and ``reforms``: the
    rules pass as tasks of a population run (on Dask), with the system of those reforms. ``rules``: the rules
    indicators of a population run's pass 1 (no rules pass here); the table is then the run's validated table, and
    its ``gewicht`` is set in place."""
    if rules is None:
        table = validate(table, system, year)
    targets = load_targets()
    frame, target_rows = indicators(table, system, year, mapper, reforms, rules)
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
    report = pandas.concat(
        [
            pandas.DataFrame(
                [
                    {
                        "target": "huishoudens_totaal",
                        "cell": "huishoudens",
                        "value": total,
                        "kind": "raked",
                        "source": targets["huishoudens_totaal"]["source"],
                        "generated_unweighted": design.sum(),
                        "calibrated": weights.sum(),
                        "difference": weights.sum() / total - 1,
                    }
                ]
            ),
            report,
        ],
        ignore_index=True,
    )
    table["gewicht"] = (
        table["huishouden_id"].map(pandas.Series(weights, index=frame.index)).to_numpy()
    )  # validate copied it (or the run's own table: its chunks see the weights)
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
        rows.append(
            {
                "target": name,
                "cell": "EUR per month",
                "value": t["value"],
                "kind": t["kind"],
                "source": t["source"],
                "generated_unweighted": design_mean,
                "calibrated": mean,
                "difference": mean / t["value"] - 1,
            }
        )
    return pandas.DataFrame(rows)
