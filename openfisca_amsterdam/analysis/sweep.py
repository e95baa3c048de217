"""Household sweep: one household, the gross earnings of one person varied from low to high.

``sweep(situation, earnings=(0, 60000), step=250, year=2025)`` returns one row per step with, for the
gezin of the swept person and for the whole year (the sum of the twelve months), the net income, every
benefit, the disposable income (``besteedbaar_inkomen``), the marginal effective tax rate (METR) of the
step and the cliffs: steps where disposable income falls, or where a scheme is lost.

The engine runs once: the situation is copied N times with OpenFisca axes (twelve parallel axes, one per
month, so ``bruto_loon`` = earnings / 12 in every month of the year), never once per step. See
``docs/sweep.md`` for how to read the result and its limitations.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping

import numpy
import pandas
from openfisca_core import periods

from openfisca_amsterdam.analysis.sweep_cliffs import BASE_COLUMNS, CLIFF_TOLERANCE, _marginal, cliffs
from openfisca_amsterdam.analysis.sweep_plot import combine, plot, write
from openfisca_amsterdam.coverage import NotCoveredError, not_covered_text
from openfisca_amsterdam.dates import months_of_year
from openfisca_amsterdam.situation import SituationError, build_simulation, default_system, validate_situation
from openfisca_amsterdam.situation_checks import as_list
from openfisca_amsterdam.takeup.schemes import SCHEMES

#: The sweep's API, wherever its parts are defined (:mod:`.sweep_cliffs`, :mod:`.sweep_plot`).
__all__ = [
    "BASE_COLUMNS",
    "CLIFF_TOLERANCE",
    "DISPOSABLE_PARTS",
    "EARNINGS_VARIABLE",
    "MAX_STEPS",
    "cliffs",
    "combine",
    "parse_earnings",
    "plot",
    "sweep",
    "write",
]

#: The varied input: gross wage per month of the swept person.
EARNINGS_VARIABLE = "bruto_loon"
#: Money benefits that make up besteedbaar_inkomen (column name, receipt variable of the gezin).
#: Receipts equal the entitlements unless the situation sets a claim (neemt_X_op) to false.
DISPOSABLE_PARTS = (
    ("bijstand", "bijstand_ontvangen"),
    ("aio", "aio_ontvangen"),
    ("huurtoeslag", "huurtoeslag_van_gezin"),
    ("zorgtoeslag", "zorgtoeslag_ontvangen"),
    ("kindgebonden_budget", "kindgebonden_budget_ontvangen"),
    ("kinderbijslag", "kinderbijslag_ontvangen"),
)
#: Upper bound on the number of steps (one copy of the household per step).
MAX_STEPS = 20001
#: At most this many previous years get the swept earnings too (the IIT tests three).
MAX_HISTORY = 3


def sweep(
    situation: Mapping,
    earnings: tuple[float, float] = (0, 60000),
    step: float = 250,
    year: int = 2025,
    person: str | None = None,
    system=None,
    tolerance: float = CLIFF_TOLERANCE,
    history: int = 0,
) -> pandas.DataFrame:
    """Vary the gross yearly earnings of one person of ``situation`` from ``earnings[0]`` to ``earnings[1]``.

    ``person`` defaults to the first volwassene of the first gezin. Returns one row per step (amounts in
    euros per year of the person's gezin; in-kind schemes as ``<scheme>_maanden``, the months entitled).
    ``frame.attrs``: ``not_covered`` ({column: reason}: those columns are all NaN), ``year``, ``person``,
    ``gezin``, ``step`` (the step used), ``notes``. ``tolerance``: a fall of disposable income of at most this
    many euros a year is not flagged as a cliff. ``history``: the same earnings also in the ``history`` previous
    years (a stable income: the Stadspas and the children's schemes test last year's income, the IIT three years),
    so that their cliffs show; 0 leaves the earlier years as the situation gives them.
    """
    system = system or default_system()
    lo, hi, count = _grid(earnings, step)
    year = _year(year)
    validate_situation(situation, system)
    person = _person(situation, person)
    prepared, positions = _prepare(situation, year, person, system)
    years = _swept_years(prepared, person, year, history)
    prepared["axes"] = [
        [
            {
                "count": count,
                "name": EARNINGS_VARIABLE,
                "min": lo / 12,
                "max": hi / 12,
                "period": month,
                "index": positions["persoon"],
            }
            for swept in years
            for month in months_of_year(swept)
        ]
    ]
    simulation = build_simulation(prepared, system)
    sizes = {
        key: len(prepared[plural])
        for key, plural in (("persoon", "personen"), ("gezin", "gezinnen"), ("huishouden", "huishoudens"))
    }
    rows = {key: numpy.arange(count) * sizes[key] + positions[key] for key in sizes}

    not_covered: dict[str, str] = {}

    def total(name: str, column: str) -> numpy.ndarray:
        """Yearly total of a variable for the swept gezin (or its huishouden); NaN when not covered."""
        variable = system.variables.get(name)
        if variable is None:
            not_covered[column] = f"variable '{name}' is not in this tax-benefit system"
            return numpy.full(count, numpy.nan)
        selected = rows[variable.entity.key]
        try:
            if variable.definition_period == periods.DateUnit.YEAR:
                values = numpy.asarray(simulation.calculate(name, str(year)), dtype=float)[selected]
            else:
                values = sum(
                    numpy.asarray(simulation.calculate(name, month), dtype=float)[selected]
                    for month in months_of_year(year)
                )
        except NotCoveredError as error:
            not_covered[column] = _reason(error)
            return numpy.full(count, numpy.nan)
        return numpy.asarray(values, dtype=float)

    frame = pandas.DataFrame({"earnings": numpy.linspace(lo, hi, count)})
    frame["netto_inkomen"] = total("gezin_netto_inkomen", "netto_inkomen")
    for column, name in DISPOSABLE_PARTS:
        frame[column] = total(name, column)
    for scheme in SCHEMES:
        if scheme.name in dict(DISPOSABLE_PARTS) or (scheme.optional and scheme.receipt not in system.variables):
            continue
        column = f"{scheme.name}_maanden" if scheme.in_kind else scheme.name
        frame[column] = total(scheme.receipt, column)
        if scheme.in_kind and scheme.value_per_year:
            frame[f"{scheme.name}_waarde"] = total(scheme.value_per_year, f"{scheme.name}_waarde")
    frame["besteedbaar_inkomen"] = total("besteedbaar_inkomen", "besteedbaar_inkomen")
    money = [c for c in frame.columns if c != "earnings" and not c.endswith("_maanden")]
    frame[money] = frame[money].round(2)  # sums of amounts in cents: no float noise in the CSV
    _marginal(frame, tolerance)
    frame = frame[[*BASE_COLUMNS[:2], *[c for c in frame.columns if c not in BASE_COLUMNS], *BASE_COLUMNS[2:]]]
    frame.attrs.update(
        {
            "not_covered": not_covered,
            "year": year,
            "person": person,
            "gezin": positions["gezin_id"],
            "step": (hi - lo) / (count - 1) if count > 1 else 0.0,
            "tolerance": tolerance,
            "notes": (
                f"bruto_loon of {person} = earnings / 12 in every month of {year}; every other input (other persons, "
                f"other years) as in the situation. Schemes that test an earlier year's income (Stadspas and the other "
                f"Amsterdam minima schemes test {year - 1}) keep that income fixed at what the situation says "
                f"(0 when it says nothing), so they do not react to the swept earnings."
            ),
        }
    )
    return frame


def parse_earnings(text: str) -> tuple[float, float]:
    """``"0:60000"`` -> ``(0.0, 60000.0)``; a bad range is a SituationError on ``earnings``."""
    try:
        lo, hi = (float(part.replace("_", "")) for part in str(text).split(":"))
    except ValueError:
        raise SituationError("earnings", f"'{text}' is not a range LO:HI of euros per year, e.g. 0:60000") from None
    _grid((lo, hi), max(hi - lo, 1.0))
    return lo, hi


# ---------------------------------------------------------------------------------------------


def _year(year) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise SituationError("year", f"'{year}' is not a year") from None
    if not 1900 <= value <= 2200:
        raise SituationError("year", f"'{year}' is not a year")
    return value


def _grid(earnings, step) -> tuple[float, float, int]:
    """(lo, hi, number of steps); the step actually used is (hi - lo) / (count - 1), at most ``step``."""
    try:
        lo, hi = (float(value) for value in earnings)
        step = float(step)
    except (TypeError, ValueError):
        raise SituationError("earnings", f"'{earnings}' is not a pair (low, high) of euros per year") from None
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo < 0 or hi < lo:
        raise SituationError("earnings", f"need 0 <= low <= high (got {lo:g}:{hi:g})")
    if not math.isfinite(step) or step <= 0:
        raise SituationError("step", f"must be a positive amount of euros per year (got {step:g})")
    count = math.ceil((hi - lo) / step - 1e-9) + 1
    if count > MAX_STEPS:
        raise SituationError("step", f"{count} steps; at most {MAX_STEPS - 1} steps (use a larger step)")
    return lo, hi, count


def _person(situation: Mapping, person: str | None) -> str:
    if person is None:
        first_gezin = next(iter(situation["gezinnen"].values()))
        adults = first_gezin["volwassenen"]
        return adults[0] if isinstance(adults, list) else adults
    if person not in situation["personen"]:
        raise SituationError("person", f"unknown person '{person}'; the persons are {', '.join(situation['personen'])}")
    return person


def _period_in_year(key, year: int) -> periods.Period | None:
    """The period of an input key when it overlaps ``year`` (else None)."""
    try:
        period = periods.period(str(key))
    except (ValueError, AttributeError):
        return None
    if period.unit == periods.DateUnit.ETERNITY:
        return None
    start, stop = period.start.date, period.stop.date
    if stop.year < year or start.year > year:
        return None
    return period


def _swept_years(prepared: dict, person: str, year: int, history: int) -> list[int]:
    """The years whose months get the swept earnings (``history`` previous years, then ``year``); the person's own
    values for those years give way to the axes."""
    if not 0 <= int(history) <= MAX_HISTORY:
        raise SituationError("--history", f"{history} is not allowed (0 to {MAX_HISTORY} previous years)")
    years = [year - back for back in range(int(history), -1, -1)]
    wages = prepared["personen"][person].get(EARNINGS_VARIABLE)
    if isinstance(wages, Mapping):
        prepared["personen"][person][EARNINGS_VARIABLE] = {
            k: v for k, v in wages.items() if all(_period_in_year(k, y) is None for y in years)
        }
    return years


def _prepare(situation: Mapping, year: int, person: str, system) -> tuple[dict, dict]:
    """A copy of the situation ready for the axes, and the prototype positions of the person, gezin, huishouden.

    The swept person's bruto_loon of the year is removed (the axes set it). A yearly bruto_loon of another person is
    spread over the months of the year the situation leaves open, as OpenFisca does (set_input_divide_by_period), so
    that it does not clash with the monthly values the axes set. An input that overrides a computed variable of the
    person, his gezin or huishouden in the year (e.g. netto_inkomen) would freeze the result: refused.
    """
    prepared = copy.deepcopy(dict(situation))
    prepared.pop("axes", None)
    gezin_id = next(
        g
        for g, gezin in prepared["gezinnen"].items()
        if person in as_list(gezin.get("volwassenen")) + as_list(gezin.get("kinderen"))
    )
    huishouden_id = next(
        h for h, huishouden in prepared["huishoudens"].items() if person in as_list(huishouden.get("bewoners"))
    )
    for plural, entity_id in (("personen", person), ("gezinnen", gezin_id), ("huishoudens", huishouden_id)):
        for name, values in prepared[plural][entity_id].items():
            variable = system.variables.get(name)
            if variable is None or not variable.formulas or not isinstance(values, Mapping):
                continue
            for key, value in values.items():
                if value is not None and _period_in_year(key, year) is not None:
                    raise SituationError(
                        f"{plural}.{entity_id}.{name}.{key}",
                        f"'{name}' is computed from the earnings; an input for {key} would not change along the "
                        f"sweep. Remove it to sweep {year}.",
                    )
    for person_id, values in prepared["personen"].items():
        wages = values.get(EARNINGS_VARIABLE)
        if not isinstance(wages, Mapping):
            continue
        if person_id == person:
            values[EARNINGS_VARIABLE] = {k: v for k, v in wages.items() if _period_in_year(k, year) is None}
            continue
        values[EARNINGS_VARIABLE] = _spread_year(person_id, wages, year)
    positions = {
        "persoon": list(prepared["personen"]).index(person),
        "gezin": list(prepared["gezinnen"]).index(gezin_id),
        "huishouden": list(prepared["huishoudens"]).index(huishouden_id),
        "gezin_id": gezin_id,
    }
    return prepared, positions


def _spread_year(person_id: str, wages: Mapping, year: int) -> dict:
    """Monthly bruto_loon of the year of a person who is not swept: a yearly value spread over the open months."""
    kept, months, yearly = {}, {}, None
    for key, value in wages.items():
        period = _period_in_year(key, year)
        if period is None:
            kept[key] = value
        elif period.unit == periods.DateUnit.MONTH and period.size == 1:
            months[str(period)] = value
        elif (
            period.unit == periods.DateUnit.YEAR
            and period.size == 1
            and period.start.year == year
            and period.start.month == 1
        ):
            yearly = (key, value)
        else:
            raise SituationError(
                f"personen.{person_id}.{EARNINGS_VARIABLE}.{key}",
                f"give {EARNINGS_VARIABLE} of {year} per month or for the calendar year to sweep {year}",
            )
    if yearly is not None and yearly[1] is not None:
        open_months = [m for m in months_of_year(year) if months.get(m) is None]
        given = sum(float(months[m]) for m in months_of_year(year) if months.get(m) is not None)
        rest = float(yearly[1]) - given
        if open_months:
            if rest < -0.005:
                raise SituationError(
                    f"personen.{person_id}.{EARNINGS_VARIABLE}.{yearly[0]}",
                    f"the months of {year} already add up to more than the yearly amount",
                )
            for month in open_months:
                months[month] = rest / len(open_months)
    return {**kept, **months}


def _reason(error: NotCoveredError) -> str:
    return not_covered_text(error)
