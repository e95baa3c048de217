"""Weighted sums of a chunk's units per group of every breakdown dimension (:func:`_aggregate`), and each gezin's
yearly money (net income plus received money schemes) and its change between two scenarios (winners and losers)."""

from __future__ import annotations

import dataclasses

import numpy
import pandas

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
#: The poverty lines (docs/poverty.md): ``vast`` = the baseline's social minimum of the gezin's own type (the
#: Participatiewet norm without the kostendelersnorm, computed in the baseline and held fixed in every scenario);
#: ``vast_diep`` = half of it (deep poverty); ``eigen_norm`` = the scenario's own bijstandsnorm (moves with a reform).
POVERTY_LINES = ("vast", "vast_diep", "eigen_norm")
#: Whom a rate counts: every person, children, persons of AOW age, other adults.
PERSON_GROUPS = {"alle": "personen", "kinderen": "kinderen", "AOW-leeftijd": "ouderen", "overige volwassenen": "overig"}
PERSON_COLUMNS = [f"persons_{column}" for column in PERSON_GROUPS.values()] + [
    f"below_{line}_{column}" for line in POVERTY_LINES for column in PERSON_GROUPS.values()
]
#: Person counts compared with published figures (validation.csv): the Stadspas target group on the basis of
#: O&S Amsterdam's published count (households without students, every gezin of the household entitled) and the
#: persons in gezinnen that hold a Stadspas, and every person of AOW age (whether or not their income is covered).
VALIDATION_COLUMNS = ["stadspas_doelgroep_os_persons", "stadspas_houders_persons", "aow_leeftijd_persons"]
POVERTY_COLUMNS = [
    "gezinnen",
    "gezinnen_n",
    "below_full_take_up",
    "below_full_take_up_n",
    "below_modelled",
    "below_modelled_n",
    *PERSON_COLUMNS,
    *VALIDATION_COLUMNS,
]


def person_poverty(gezin, income, lines: dict, own_norm_below) -> dict:
    """Weighted persons (all, children, AOW age, other adults) per gezin, and those below each line: disposable
    income (net income plus every money scheme received, toeslagen included) under the line by more than 1 euro a
    month. NaN where the gezin's income or line is not covered."""
    w = gezin["gewicht"].to_numpy()
    covered = ~numpy.isnan(income)
    out = {}
    for column in PERSON_GROUPS.values():
        out[f"persons_{column}"] = w * gezin[column].to_numpy() * covered
    tolerance = 12
    for line in POVERTY_LINES:
        if line == "eigen_norm":
            below = own_norm_below
        else:
            with numpy.errstate(invalid="ignore"):
                below = numpy.where(
                    covered & ~numpy.isnan(lines[line]), (income < lines[line] - tolerance).astype(float), numpy.nan
                )
        for column in PERSON_GROUPS.values():
            out[f"below_{line}_{column}"] = w * gezin[column].to_numpy() * below
    return out


@dataclasses.dataclass
class _Scenario:
    # variant -> {component: gezin euros per year, NaN: not covered}
    income: dict = dataclasses.field(default_factory=dict)
    below: dict = dataclasses.field(default_factory=dict)  # variant -> gezin below the social minimum (0/1/NaN)
    covered: dict = dataclasses.field(default_factory=dict)  # variant -> gezin whose money is covered
    units: dict = dataclasses.field(default_factory=dict)  # variant -> receipts.VariantUnits (when kept)


class UnitFrame(dict):
    """Per-unit columns (name -> numpy array) read like a DataFrame by :func:`_aggregate`, with ``attrs`` for the
    groups' codes (an incremental scenario's merged units: no DataFrame to build)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.attrs: dict = {}


def _values(frame, column) -> numpy.ndarray:
    values = frame[column]
    return values if isinstance(values, numpy.ndarray) else values.to_numpy()


def _codes(frame, dimension):
    """(group code per unit, sorted group labels as text) of a breakdown dimension, computed once per frame."""
    cache = frame.attrs.setdefault("_codes", {})
    if dimension not in cache:
        codes, labels = pandas.factorize(_values(frame, dimension), sort=True)
        cache[dimension] = (codes, pandas.Index(labels).astype(str))
    return cache[dimension]


def _aggregate(frame, columns, keys):
    """Weighted sums of ``columns`` per group of every dimension (numpy bincount: no per-scheme pandas groupby), as one
    table (group, columns..., dimension, keys...). With ``columns`` other than SUM_COLUMNS a group whose values are
    all NaN stays NaN (pandas' ``min_count=1``)."""
    skip_nan = columns is not SUM_COLUMNS
    coded = [_codes(frame, dimension) for dimension in DIMENSIONS]
    data: dict = {"group": numpy.concatenate([numpy.asarray(labels, dtype=object) for _, labels in coded])}
    for column in columns:
        values = _values(frame, column)
        counts = column.endswith("_n") and values.dtype.kind in "iub"
        valid = ~numpy.isnan(values.astype(float)) if skip_nan else None
        parts = []
        for codes, labels in coded:
            if skip_nan:
                sums = numpy.bincount(codes, numpy.where(valid, values, 0), len(labels))
                sums[numpy.bincount(codes, valid, len(labels)) == 0] = numpy.nan
            else:
                sums = numpy.bincount(codes, values, len(labels))
            parts.append(sums.round().astype(numpy.int64) if counts else sums)
        data[column] = numpy.concatenate(parts)
    data["dimension"] = numpy.repeat(numpy.array(DIMENSIONS, dtype=object), [len(labels) for _, labels in coded])
    index = numpy.concatenate([numpy.arange(len(labels)) for _, labels in coded])
    return pandas.DataFrame(data, index=index).assign(**keys)


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
