"""Small vectorial helpers shared by the law's formulas (machinery, no legal numbers)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy


def round_cents(amount):
    """Round half up to whole cents, as payment and norm tables do (1001.065 -> 1001.07).

    Rounding the cents to 6 decimals first absorbs binary floating-point error
    (1001.065 is stored as 1001.06499...).
    """
    amount = numpy.asarray(amount, dtype=float)
    return numpy.floor(numpy.round(amount * 100, 6) + 0.5) / 100


def round_to(amount, step: float):
    """Round half up to a multiple of ``step`` (e.g. 0.05 for the monthly minimum wage)."""
    amount = numpy.asarray(amount, dtype=float)
    return numpy.round(numpy.floor(numpy.round(amount / step, 6) + 0.5) * step, 2)


def select_needed(conditions: Sequence, values: Sequence[Callable[[], object]], default=0.0):
    """Like ``numpy.select``, but a value is only computed when some entity needs it.

    Each value is a zero-argument callable (usually a parameter lookup). A parameter that is not
    covered for the period (see :mod:`openfisca_amsterdam.coverage`) therefore only raises when a
    household in the simulation actually falls in that category, instead of blocking everyone.
    """
    conditions = [numpy.asarray(c, dtype=bool) for c in conditions]
    taken = numpy.zeros_like(conditions[0]) if conditions else None
    result = numpy.full(conditions[0].shape, default, dtype=float)
    for condition, value in zip(conditions, values):
        wanted = condition & ~taken
        if wanted.any():
            result = numpy.where(wanted, value(), result)
        taken = taken | condition
    return result


def where_needed(condition, value: Callable[[], object], default=0.0):
    """``numpy.where(condition, value(), default)``, calling ``value`` only when needed."""
    return select_needed([condition], [value], default)


def add_months(dates, months):
    """Add whole months to ``datetime64[D]`` dates; a day that does not exist becomes the month's last day."""
    dates = numpy.asarray(dates, dtype="datetime64[D]")
    month_start = dates.astype("datetime64[M]")
    day = (dates - month_start.astype("datetime64[D]")).astype(int)
    target = month_start + numpy.asarray(months).astype("timedelta64[M]")
    days_in_target = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(int)
    return target.astype("datetime64[D]") + numpy.minimum(day, days_in_target - 1).astype("timedelta64[D]")


def age_on(birth_dates, on_date):
    """Age in completed years on ``on_date`` (a ``datetime64[D]`` scalar or array)."""
    birth = numpy.asarray(birth_dates, dtype="datetime64[D]")
    on = numpy.asarray(on_date, dtype="datetime64[D]")
    years = on.astype("datetime64[Y]").astype(int) - birth.astype("datetime64[Y]").astype(int)
    birthday_this_year = add_months(birth, years * 12)
    return years - (birthday_this_year > on)


def check_gezin_in_one_huishouden(gezin) -> None:
    """Raise a ValueError naming the gezin when its members live in more than one huishouden.

    The situation builder refuses such input; this guard also protects other entry points
    (the Web API, a population table) from computing a wrong kostendelersnorm.
    """
    huishouden = gezin.simulation.populations["huishouden"]
    home = huishouden.members_entity_id
    if gezin.min(home) is None:  # pragma: no cover - defensive
        return
    spread = gezin.min(home) != gezin.max(home)
    if spread.any():
        bad = numpy.asarray(gezin.ids)[spread][:5]
        raise ValueError(
            f"gezin {', '.join(map(str, bad))}: members live in more than one huishouden; "
            "all members of a gezin must live in the same huishouden"
        )


def monthly_toeslag(yearly, minimum_per_year):
    """Monthly payment of a yearly toeslag: the year's amount rounded to whole euros; 0 when it is
    below the AWIR minimum; otherwise a twelfth of it rounded down to whole euros (the Belastingdienst's
    monthly voorschot). This reproduces the Belastingdienst's 2025 zorgtoeslag table by income."""
    yearly = numpy.floor(numpy.round(numpy.maximum(numpy.asarray(yearly, dtype=float), 0), 6) + 0.5)
    return numpy.where(yearly < minimum_per_year, 0, numpy.floor(numpy.round(yearly / 12, 6)))


GEMEENTECODE = re.compile(r"^GM\d{4}$")


def check_gemeentecodes(codes) -> None:
    """Raise a ValueError naming the bad codes when a gemeente is not a CBS code of the form GMdddd."""
    bad = sorted({c for c in numpy.unique(numpy.asarray(codes).astype(str)) if not GEMEENTECODE.match(c)})
    if bad:
        raise ValueError(f"gemeente: {', '.join(bad[:5])} is not a CBS municipality code of the form GMdddd (e.g. GM0363 for Amsterdam)")
