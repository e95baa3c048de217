"""The marginal effective tax rate (METR) and the cliffs of a sweep: per step, the change of disposable income, its
METR, whether it falls (a cliff), and the schemes lost at the step (:func:`cliffs`: one row per event)."""

from __future__ import annotations

import numpy
import pandas

#: A fall of disposable income of at most this many euros a year is rounding, not a cliff: huurtoeslag, zorgtoeslag
#: and kindgebonden budget are whole euros a month (Awir, the Belastingdienst's tables), so one step can move each
#: by up to 1 euro a month against the trend: 3 x 12 = 36 euros a year (docs/sweep.md).
CLIFF_TOLERANCE = 36.0
#: Upper bound on the number of steps (one copy of the household per step).
MAX_STEPS = 20001
#: Columns that are not schemes.
BASE_COLUMNS = (
    "earnings",
    "netto_inkomen",
    "besteedbaar_inkomen",
    "change",
    "metr",
    "cliff",
    "lost_schemes",
    "lost_amount",
)


def cliffs(frame: pandas.DataFrame, tolerance: float = CLIFF_TOLERANCE) -> pandas.DataFrame:
    """The cliffs of a sweep, one row per event: disposable income falls, or a scheme is lost.

    Columns: ``scenario`` (when the frame has one), ``earnings_from``, ``earnings_to``, ``kind``
    (``income_falls`` or ``scheme_lost``), ``scheme``, ``amount`` (euros per year: the fall of
    besteedbaar_inkomen, or the lost scheme's yearly amount at the step before; for a scheme in kind its
    ``<scheme>_waarde`` when it has one, else NaN, e.g. the Stadspas). A fall of at most ``tolerance`` euros a
    year is not flagged (cent rounding moves disposable income by a few cents a step).
    """
    columns = ["scenario", "earnings_from", "earnings_to", "kind", "scheme", "amount"]
    events = []
    groups = frame.groupby("scenario", sort=False) if "scenario" in frame else [(None, frame)]
    for scenario, part in groups:
        part = part.reset_index(drop=True)
        earnings = part["earnings"].to_numpy(dtype=float)
        disposable = part["besteedbaar_inkomen"].to_numpy(dtype=float)
        for i in numpy.flatnonzero(numpy.diff(disposable) < -tolerance) + 1:
            events.append(
                {
                    "scenario": scenario,
                    "earnings_from": earnings[i - 1],
                    "earnings_to": earnings[i],
                    "kind": "income_falls",
                    "scheme": "besteedbaar_inkomen",
                    "amount": disposable[i - 1] - disposable[i],
                }
            )
        for i, column, amount in _lost_schemes(part):
            events.append(
                {
                    "scenario": scenario,
                    "earnings_from": earnings[i - 1],
                    "earnings_to": earnings[i],
                    "kind": "scheme_lost",
                    "scheme": column,
                    "amount": amount,
                }
            )
    result = pandas.DataFrame(events, columns=columns).sort_values(
        ["earnings_to", "kind"], kind="stable", ignore_index=True
    )
    if "scenario" in frame:
        order = {name: n for n, name in enumerate(dict.fromkeys(frame["scenario"]))}
        return result.sort_values("scenario", key=lambda s: s.map(order), kind="stable", ignore_index=True)
    return result.drop(columns="scenario")


def _scheme_columns(frame: pandas.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in BASE_COLUMNS and c != "scenario" and not c.endswith("_waarde")]


def _lost_schemes(frame: pandas.DataFrame):
    """(row, column, amount) for every scheme whose yearly amount (or months) falls from above 0 to 0 at the row."""
    for column in _scheme_columns(frame):
        values = frame[column].to_numpy(dtype=float)
        lost = (values[:-1] > 0.005) & (values[1:] <= 0.005)  # NaN compares false: a not covered scheme is never lost
        for i in numpy.flatnonzero(lost) + 1:
            if column.endswith("_maanden"):
                value = f"{column.removesuffix('_maanden')}_waarde"
                amount = float(frame[value].iloc[i - 1]) if value in frame else numpy.nan
            else:
                amount = float(values[i - 1])
            yield int(i), column, amount


def _marginal(frame: pandas.DataFrame, tolerance: float) -> None:
    """Add change, metr, cliff, lost_schemes and lost_amount (each about the step that ends at the row)."""
    disposable = frame["besteedbaar_inkomen"].to_numpy(dtype=float)
    gross = frame["earnings"].to_numpy(dtype=float)
    change = numpy.full(len(frame), numpy.nan)
    metr = numpy.full(len(frame), numpy.nan)
    if len(frame) > 1:
        change[1:] = numpy.diff(disposable)
        change[1:] = numpy.round(change[1:], 2)
        metr[1:] = numpy.round(1 - change[1:] / numpy.diff(gross), 6)
    frame["change"] = change
    frame["metr"] = metr
    frame["cliff"] = change < -tolerance
    names = [[] for _ in range(len(frame))]
    amounts = numpy.zeros(len(frame))
    for i, column, amount in _lost_schemes(frame):
        names[i].append(column)
        amounts[i] += 0.0 if numpy.isnan(amount) else amount
    frame["lost_schemes"] = [";".join(n) for n in names]
    frame["lost_amount"] = amounts
