"""What every door refuses, in one place: the bounds, formats and value rules that the situation validation (CLI,
Python API, Web API: :mod:`openfisca_amsterdam.situation`) and the microdata validation
(:mod:`openfisca_amsterdam.population.schema`) both apply. Those two modules only read their input's shape (a JSON
object, a table) and call the rules here; ``docs/errors.md`` lists the inputs and the answers."""

from __future__ import annotations

import re

import numpy

#: Inputs that may legitimately be negative (debts above assets).
MAY_BE_NEGATIVE = frozenset({"vermogen"})
#: A date is text ``YYYY-MM-DD`` (year first); integers (19800101) and day-first text (03-06-1985) are refused.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: The earliest birth date accepted (before it, a date is a typing error).
EARLIEST_BIRTH = "1900-01-01"
#: Amounts above this, in euros and in any period, are refused as implausible (a typing error or a unit mistake).
MAX_AMOUNT = 10_000_000
#: The age below which a ``kind`` of a gezin must be (an adult child is a volwassene of its own gezin).
ADULT_AGE = 18
#: A CBS municipality code: GM and four digits (GM0363 Amsterdam).
GEMEENTECODE = re.compile(r"^GM\d{4}$")


# --- The value rules, vectorised: the situation checks call them on one value, the microdata checks on a column -------


def amount_problems(name: str, numbers) -> list[tuple[numpy.ndarray, str]]:
    """Each rule an amount of input variable ``name`` breaks: (mask of the bad values, message)."""
    numbers = numpy.asarray(numbers, dtype=float)
    finite = numpy.isfinite(numbers)
    rules = [(~finite, "not a finite number")]
    if name not in MAY_BE_NEGATIVE:
        rules.append((finite & (numbers < 0), "negative amount is not allowed"))
    rules.append(
        (finite & (numpy.abs(numbers) > MAX_AMOUNT), f"above the plausibility bound of {MAX_AMOUNT:,} (docs/errors.md)")
    )
    return [(mask, message) for mask, message in rules if mask.any()]


def gemeente_problems(codes) -> list[tuple[numpy.ndarray, str]]:
    """Codes that are not of the CBS form GMdddd."""
    codes = numpy.asarray(codes, dtype=object).astype(str)
    bad = ~numpy.array([bool(GEMEENTECODE.match(code)) for code in numpy.unique(codes)])
    bad_codes = numpy.unique(codes)[bad]
    mask = numpy.isin(codes, bad_codes)
    return [(mask, "not a CBS municipality code GMdddd (e.g. GM0363 for Amsterdam)")] if mask.any() else []


def birth_date_problems(dates, last_day=None) -> list[tuple[numpy.ndarray, str]]:
    """Calendar dates (``datetime64[D]``) that are not plausible birth dates: before EARLIEST_BIRTH, or after
    ``last_day`` (the end of the period or year computed)."""
    dates = numpy.asarray(dates, dtype="datetime64[D]")
    rules = [(dates < numpy.datetime64(EARLIEST_BIRTH), f"before {EARLIEST_BIRTH}: not a plausible birth date")]
    if last_day is not None:
        rules.append((dates > numpy.datetime64(str(last_day), "D"), f"after {last_day}: a person not yet born"))
    return [(mask, message) for mask, message in rules if mask.any()]
