"""The integer calendar arithmetic of openfisca_amsterdam.dates against Python's own calendar (datetime)."""

import calendar
import datetime

import numpy
from hypothesis import given, settings
from hypothesis import strategies as st

from openfisca_amsterdam.dates import add_months, age_on, civil_from_days, days_from_civil

DATES = st.dates(min_value=datetime.date(1890, 1, 1), max_value=datetime.date(2110, 12, 31))


def _add_months(d: datetime.date, months: int) -> datetime.date:
    total = d.year * 12 + d.month - 1 + months
    year, month = divmod(total, 12)
    return datetime.date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _age(birth: datetime.date, on: datetime.date) -> int:
    years = on.year - birth.year
    return years - (_add_months(birth, 12 * years) > on)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(DATES, st.integers(-1200, 1200), DATES), min_size=1, max_size=40))
def test_add_months_and_age_on_match_the_calendar(rows):
    births = numpy.array([b for b, _, _ in rows], dtype="datetime64[D]")
    months = numpy.array([m for _, m, _ in rows])
    ons = numpy.array([o for _, _, o in rows], dtype="datetime64[D]")
    expected = numpy.array([_add_months(b, m) for b, m, _ in rows], dtype="datetime64[D]")
    assert (add_months(births, months) == expected).all()
    assert list(age_on(births, ons)) == [_age(b, o) for b, _, o in rows]
    scalar_on = ons[0]
    assert list(age_on(births, scalar_on)) == [_age(b, rows[0][2]) for b, _, _ in rows]


def test_the_boundaries_written_out():
    # 31 January + 1 month is the last day of February: 29 in a leap year, 28 otherwise
    got = add_months(numpy.array(["2024-01-31", "2023-01-31", "2024-02-29"], dtype="datetime64[D]"), [1, 1, 12])
    assert list(got.astype(str)) == ["2024-02-29", "2023-02-28", "2025-02-28"]
    # born 29 February 2008: 17 on 27 February 2026, 18 on 28 February 2026 (no 29th that year)
    born = numpy.array(["2008-02-29", "2008-02-29", "2008-03-01"], dtype="datetime64[D]")
    on = numpy.array(["2026-02-27", "2026-02-28", "2026-02-28"], dtype="datetime64[D]")
    assert list(age_on(born, on)) == [17, 18, 17]
    # NaT stays NaT
    assert numpy.isnat(add_months(numpy.array(["NaT", "2025-01-01"], dtype="datetime64[D]"), 3)[0])


def test_day_numbers_round_trip():
    days = numpy.arange(-80000, 80000)
    assert (days_from_civil(*civil_from_days(days)) == days).all()
    y, m, d = civil_from_days(numpy.array([0, -1, 19723]))
    assert [list(y), list(m), list(d)] == [[1970, 1969, 2024], [1, 12, 1], [1, 31, 1]]
