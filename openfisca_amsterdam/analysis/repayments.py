"""Toeslagen advances and their settlement (repayments.csv; docs/takeup.md#repayments).

Dienst Toeslagen pays a monthly advance (voorschot) on an estimated yearly income and settles it once the year's
income is known (Awir art. 16, 19 and 26). The model's estimate is the household's income of the previous year (what
Toeslagen pre-fills when nothing newer is given), so the advance is the toeslag computed with every income input of
one year earlier (the registered-income view of :func:`openfisca_amsterdam.analysis.simulation.build`, ``lag=1``),
the household as it is now; the final entitlement is the toeslag on the year's own income. A unit is adjusted when
the two differ by at least :data:`TOLERANCE_EUR` over the year; it repays when the advance was higher.

Calibration: an advance on last year's income is wrong for nearly everyone whose income moved, whereas many
households give Toeslagen an up-to-date estimate. Where a published share of recipients that repays exists
(``niet_gebruik.terugbetalers.<scheme>``, CPB 2019), the share ``q`` of units whose estimate is up to date (advance =
final entitlement) is the one that reproduces it on the whole population: ``(1 - q) x raw share = published share``.
Which units those are is independent of their income change, so every share scales by ``1 - q`` and the mean
repayment is unchanged; the back-payments and the share adjusted are then checks against CPB's other figures.
"""

from __future__ import annotations

import numpy
import pandas

from openfisca_amsterdam.analysis.simulation import build
from openfisca_amsterdam.coverage import NotCoveredError
from openfisca_amsterdam.takeup.schemes import BY_NAME
from openfisca_amsterdam.unit_coverage import collecting

#: The toeslagen paid as advances and settled afterwards (Awir).
SETTLED = ("huurtoeslag", "zorgtoeslag", "kindgebonden_budget")
#: A difference smaller than this over the year is not counted as an adjustment (a model choice: a euro a month).
TOLERANCE_EUR = 12.0
COLUMNS = ["units", "adjusted", "repaying", "receiving", "repaid_eur", "received_eur", "units_n"]


def advances(prepared, system):
    """Per settled scheme, per unit: the advance (the toeslag on the incomes of one year earlier), the final
    entitlement and whether the unit is not covered; and the simulation of the advances (``estimate``)."""
    from openfisca_amsterdam.analysis.entitlements import _yearly

    units: dict = {}
    names = [name for name in SETTLED if name in prepared.entitled]
    if not names:
        return units, None
    estimate, _ = build(prepared.table, system, prepared.year, lag=1)
    with collecting(estimate):
        for name in names:
            e = prepared.entitled[name]
            scheme = BY_NAME[name]
            try:
                advance = _yearly(estimate, name, scheme.period, prepared.year).sum(axis=0)
            except NotCoveredError:
                continue
            units[name] = {"advance": advance, "final": numpy.where(e.not_covered, 0, e.amount), "nc": e.not_covered}
    return units, estimate


def summarise(units: dict, weights: dict, system, year: int, scenario: str = "baseline") -> pandas.DataFrame:
    """Per scheme of :func:`advances`' ``units``: weighted units with an advance or a final entitlement, those adjusted,
    repaying and receiving a back-payment, and the euros repaid and paid afterwards (sums over the chunk). A scheme
    whose ``niet_gebruik.aanvraaglast.terugvordering`` is false in ``system`` (a fixed yearly entitlement) is not
    settled: the advance is final. ``weights``: entity -> unit weights."""
    settled = system.parameters(f"{year}-01").niet_gebruik.aanvraaglast.terugvordering
    rows = []
    for name, u in units.items():
        advance, final = u["advance"], u["final"]
        paid = (~u["nc"]) & ((advance > 0) | (final > 0))
        difference = numpy.where(paid & bool(getattr(settled, name)), advance - final, 0)
        adjusted = paid & (numpy.abs(difference) >= TOLERANCE_EUR)
        repaying = adjusted & (difference > 0)
        receiving = adjusted & (difference < 0)
        w = weights[BY_NAME[name].entity]
        rows.append(
            {
                "scenario": scenario,
                "scheme": name,
                "units": float((w * paid).sum()),
                "adjusted": float((w * adjusted).sum()),
                "repaying": float((w * repaying).sum()),
                "receiving": float((w * receiving).sum()),
                "repaid_eur": float((w * numpy.where(repaying, difference, 0)).sum()),
                "received_eur": float((w * numpy.where(receiving, -difference, 0)).sum()),
                "units_n": int(paid.sum()),
            }
        )
    return pandas.DataFrame(rows, columns=["scenario", "scheme", *COLUMNS])


def unit_weights(prepared) -> dict:
    return {entity: frame["gewicht"].to_numpy() for entity, frame in prepared.units.items()}


def settlement(prepared, system, scenario: str = "baseline") -> pandas.DataFrame:
    """:func:`summarise` of :func:`advances` on the prepared chunk."""
    units, _ = advances(prepared, system)
    return summarise(units, unit_weights(prepared), system, prepared.year, scenario)


def repayments_table(sums: pandas.DataFrame, targets: dict | None = None) -> pandas.DataFrame:
    """repayments.csv: scheme, share_adjusted, share_repaying, mean_repayment_eur (calibrated to ``targets``
    {scheme: published share repaying} where given), the back-payments, the net euros recovered, the share of
    up-to-date estimates, the uncalibrated shares, and the scenario (the baseline's share of up-to-date estimates holds
    in every scenario: it is behaviour, not law)."""
    columns = ["scheme", "share_adjusted", "share_repaying", "mean_repayment_eur"]
    if sums is None or sums.empty:
        return pandas.DataFrame(columns=[*columns, "scenario"])
    if "scenario" not in sums:
        sums = sums.assign(scenario="baseline")
    t = sums.groupby(["scenario", "scheme"], sort=False)[COLUMNS].sum()
    base = t.xs("baseline", level="scenario") if "baseline" in t.index.get_level_values(0) else t.groupby(level=1).sum()
    target = pandas.Series({name: float(v) for name, v in (targets or {}).items()}, dtype=float).reindex(base.index)
    up_to_date = (1 - target / (base["repaying"] / base["units"])).clip(lower=0)
    q = up_to_date.reindex(t.index.get_level_values("scheme")).to_numpy()
    kept = 1 - numpy.nan_to_num(q)
    out = pandas.DataFrame(
        {
            "share_adjusted": kept * t["adjusted"] / t["units"],
            "share_repaying": kept * t["repaying"] / t["units"],
            "mean_repayment_eur": t["repaid_eur"] / t["repaying"].where(t["repaying"] > 0),
            "share_receiving": kept * t["receiving"] / t["units"],
            "mean_back_payment_eur": t["received_eur"] / t["receiving"].where(t["receiving"] > 0),
            "net_recovered_eur": kept * (t["repaid_eur"] - t["received_eur"]),
            "published_share_repaying": target.reindex(t.index.get_level_values("scheme")).to_numpy(),
            "share_estimate_up_to_date": q,
            "raw_share_repaying": t["repaying"] / t["units"],
            "raw_share_receiving": t["receiving"] / t["units"],
            "units": t["units"],
            "units_n": t["units_n"],
        },
        index=t.index,
    )
    out = out.reset_index()
    return out[[*columns, *[c for c in out.columns if c not in columns]]]


def published_shares(system, year: int) -> dict:
    """{scheme: published share of recipients that repays} (``niet_gebruik.terugbetalers``)."""
    node = system.parameters(f"{year}-01").niet_gebruik.terugbetalers
    return {name: float(getattr(node, name)) for name in SETTLED if hasattr(node, name)}
