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


def settlement(prepared, system) -> pandas.DataFrame:
    """Per scheme: weighted units with an advance or a final entitlement, those adjusted, repaying and receiving a
    back-payment, and the euros repaid and paid afterwards (sums over the chunk)."""
    from openfisca_amsterdam.analysis.entitlements import _yearly

    names = [name for name in SETTLED if name in prepared.entitled]
    rows = []
    if not names:
        return pandas.DataFrame(columns=["scheme", *COLUMNS])
    estimate, _ = build(prepared.table, system, prepared.year, lag=1)
    with collecting(estimate):
        for name in names:
            e = prepared.entitled[name]
            scheme = BY_NAME[name]
            try:
                advance = _yearly(estimate, name, scheme.period, prepared.year).sum(axis=0)
            except NotCoveredError:
                continue
            final = numpy.where(e.not_covered, 0, e.amount)
            paid = (~e.not_covered) & ((advance > 0) | (final > 0))
            difference = numpy.where(paid, advance - final, 0)
            adjusted = paid & (numpy.abs(difference) >= TOLERANCE_EUR)
            repaying = adjusted & (difference > 0)
            receiving = adjusted & (difference < 0)
            w = prepared.units[scheme.entity]["gewicht"].to_numpy()
            rows.append(
                {
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
    return pandas.DataFrame(rows, columns=["scheme", *COLUMNS])


def repayments_table(sums: pandas.DataFrame, targets: dict | None = None) -> pandas.DataFrame:
    """repayments.csv: scheme, share_adjusted, share_repaying, mean_repayment_eur (calibrated to ``targets``
    {scheme: published share repaying} where given), the back-payments, the share of up-to-date estimates and the
    uncalibrated shares."""
    columns = ["scheme", "share_adjusted", "share_repaying", "mean_repayment_eur"]
    if sums is None or sums.empty:
        return pandas.DataFrame(columns=columns)
    t = sums.groupby("scheme", sort=True)[COLUMNS].sum()
    raw_repaying = t["repaying"] / t["units"]
    target = pandas.Series({name: float(v) for name, v in (targets or {}).items()}, dtype=float)
    target = target.reindex(t.index)
    up_to_date = (1 - target / raw_repaying).clip(lower=0).fillna(0)
    kept = 1 - up_to_date
    out = pandas.DataFrame(
        {
            "share_adjusted": kept * t["adjusted"] / t["units"],
            "share_repaying": kept * raw_repaying,
            "mean_repayment_eur": t["repaid_eur"] / t["repaying"].where(t["repaying"] > 0),
            "share_receiving": kept * t["receiving"] / t["units"],
            "mean_back_payment_eur": t["received_eur"] / t["receiving"].where(t["receiving"] > 0),
            "published_share_repaying": target,
            "share_estimate_up_to_date": up_to_date.where(target.notna()),
            "raw_share_repaying": raw_repaying,
            "raw_share_receiving": t["receiving"] / t["units"],
            "units": t["units"],
            "units_n": t["units_n"],
        }
    )
    return out.reset_index()


def published_shares(system, year: int) -> dict:
    """{scheme: published share of recipients that repays} (``niet_gebruik.terugbetalers``)."""
    node = system.parameters(f"{year}-01").niet_gebruik.terugbetalers
    return {name: float(getattr(node, name)) for name in SETTLED if hasattr(node, name)}
