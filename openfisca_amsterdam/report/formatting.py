"""Numbers as a reader reads them, one locale throughout (English: 1,234,567; 12.3%; €1,234): integers for counts,
% for rates and shares, euros without cents, a blank for a value not computed (never 0 or "nan")."""

from __future__ import annotations

import math

import numpy
import pandas

#: Columns whose values are counts of units or persons (weighted, so rounded to whole units).
_COUNT_WORDS = (
    "units",
    "recipients",
    "persons",
    "gezinnen",
    "winners",
    "losers",
    "applications",
    "reached",
    "granted",
    "missed",
    "eligible",
    "households",
    "below",
    "draws",
)
_RATE_WORDS = ("rate", "share", "target", "calibrated", "realised")


def kind(column: str) -> str:
    """``percent``, ``points`` (a difference of rates), ``euro``, ``count``, ``ratio`` or ``number``."""
    name = column.lower()
    if name == "difference":
        return "points"
    if name == "ratio":
        return "ratio"
    if "_eur" in name or name.endswith("eur"):
        return "euro"
    if name.endswith("_n") or any(word in name for word in _COUNT_WORDS):
        return "count"
    if any(word in name for word in _RATE_WORDS):
        return "percent"
    return "number"


def blank(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pandas.isna(value)) or (isinstance(value, float) and math.isinf(value))
    except (TypeError, ValueError):
        return False


def number(value, how: str, signed: bool = False) -> str:
    """One value as text (a blank where it is not computed)."""
    if blank(value):
        return ""
    if not isinstance(value, (int, float, numpy.integer, numpy.floating)) or isinstance(value, bool):
        return str(value)
    value = float(value)
    sign = "+" if signed and value > 0 else ""
    if how == "percent":
        return f"{sign}{value:.1%}"
    if how == "points":
        return f"{value * 100:+.1f} pt"
    if how == "ratio":
        return f"{value:.2f}×"
    if how == "euro":
        text = f"€{abs(value):,.0f}"
        return ("−" if value < 0 and round(abs(value)) else sign) + text
    if how == "count":
        return f"{sign}{value:,.0f}".replace("-", "−")
    if abs(value) >= 100:
        return f"{sign}{value:,.0f}".replace("-", "−")
    return f"{sign}{value:.3g}".replace("-", "−")


def millions(value) -> str:
    """Euros in millions for a headline: €12.3M (a blank where not computed)."""
    return "" if blank(value) else f"€{float(value) / 1e6:,.1f}M"


def header(column: str) -> str:
    """A column name as a header: words, not snake_case; the unit last."""
    words = column.replace("_eur", " (€)").replace("_n", " (unweighted)").replace("_", " ")
    return words[:1].upper() + words[1:]


def table(frame: pandas.DataFrame, labels: dict | None = None) -> dict:
    """A frame as {headers, rows} for the template: each cell (text, sort key, kind); changes signed."""
    labels = labels or {}
    columns = list(frame.columns)
    kinds = {c: kind(c) for c in columns}
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(columns, record, strict=True):
            how = "text" if isinstance(value, str) else kinds[column]
            signed = "change" in column
            text = labels.get(value, value) if how == "text" else number(value, how, signed)
            key = "" if blank(value) else (value if how != "text" else str(value))
            cells.append({"text": text, "sort": key, "numeric": how != "text"})
        rows.append(cells)
    return {"headers": [header(c) for c in columns], "rows": rows}
