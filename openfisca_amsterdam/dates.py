"""Calendar arithmetic on ``datetime64[D]`` arrays in integers (machinery the law may import).

numpy's conversions between ``datetime64`` units (``astype("datetime64[M]")``) run a calendar computation per element
and were 15% of a population run. Here a date is its day number since 1970-01-01 (a free ``view``), converted to and
from (year, month, day) with the proleptic-Gregorian algorithms of H. Hinnant, "chrono-compatible low-level date
algorithms" (days_from_civil / civil_from_days), in whole-array integer arithmetic. ``NaT`` stays ``NaT``.
"""

from __future__ import annotations

import numpy

_NAT = numpy.iinfo(numpy.int64).min


def _days(dates) -> numpy.ndarray:
    return numpy.asarray(dates, dtype="datetime64[D]").view(numpy.int64)


def civil_from_days(days):
    """(year, month 1-12, day 1-31) of day numbers since 1970-01-01."""
    z = numpy.asarray(days, dtype=numpy.int64) + 719468
    era = numpy.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = numpy.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return year, month, day


def days_from_civil(year, month, day):
    """Day numbers since 1970-01-01 of (year, month, day)."""
    year = numpy.asarray(year, dtype=numpy.int64) - (numpy.asarray(month) <= 2)
    era = numpy.floor_divide(year, 400)
    yoe = year - era * 400
    mp = numpy.where(numpy.asarray(month) > 2, numpy.asarray(month) - 3, numpy.asarray(month) + 9)
    doy = (153 * mp + 2) // 5 + numpy.asarray(day, dtype=numpy.int64) - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def is_leap(year):
    year = numpy.asarray(year)
    return (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))


def days_in_month(year, month):
    month = numpy.asarray(month)
    base = numpy.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[month]
    return base + ((month == 2) & is_leap(year))


def add_months(dates, months):
    """Add whole months to ``datetime64[D]`` dates; a day that does not exist becomes the month's last day
    (2024-01-31 + 1 month = 2024-02-29). ``NaT`` stays ``NaT``."""
    days = _days(dates)
    missing = days == _NAT
    year, month, day = civil_from_days(numpy.where(missing, 0, days))
    total = year * 12 + (month - 1) + numpy.asarray(months, dtype=numpy.int64)
    new_year, new_month = numpy.floor_divide(total, 12), total % 12 + 1
    new_day = numpy.minimum(day, days_in_month(new_year, new_month))
    result = numpy.where(missing, _NAT, days_from_civil(new_year, new_month, new_day))
    return numpy.asarray(result, dtype=numpy.int64).view("datetime64[D]")


def age_on(birth_dates, on_date):
    """Age in completed years on ``on_date`` (a ``datetime64[D]`` scalar or array). Someone born on 29 February has
    the birthday on 28 February in a year without one (the same as ``add_months(birth, 12 * years)``)."""
    by, bm, bd = civil_from_days(_days(birth_dates))
    oy, om, od = civil_from_days(_days(on_date))
    birthday_day = numpy.minimum(bd, days_in_month(oy, bm))
    before_birthday = (om < bm) | ((om == bm) & (od < birthday_day))
    return oy - by - before_birthday


#: Calendar months in a quarter (the AKW pays per calendar quarter).
MONTHS_PER_QUARTER = 3
MONTHS_PER_YEAR = 12


def months_since_birth_month(birth_dates, year: int, month: int) -> numpy.ndarray:
    """Calendar months from the month of birth to (year, month): 0 in the month of birth, 1 in the month after it.
    Laws that count "from the calendar month after the month in which the child was born / reached age A" (WKB art. 2,
    Wzt art. 1 onder c) are then tests on this number: born (>= 1), age A reached in an earlier month (> 12 * A)."""
    birth_year, birth_month, _ = civil_from_days(_days(birth_dates))
    return (year * MONTHS_PER_YEAR + month) - (birth_year * MONTHS_PER_YEAR + birth_month)


def quarter_start(year: int, month: int) -> numpy.datetime64:
    """The first day of the calendar quarter in which (year, month) falls."""
    first_month = month - (month - 1) % MONTHS_PER_QUARTER
    return numpy.datetime64(f"{year:04d}-{first_month:02d}-01", "D")


def months_of_year(year: int) -> list[str]:
    """The twelve months of ``year`` as ``YYYY-MM``."""
    return [f"{int(year):04d}-{month:02d}" for month in range(1, MONTHS_PER_YEAR + 1)]
