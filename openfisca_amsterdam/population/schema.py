"""The microdata schema (one row per person) and its validation.

Columns (see ``docs/population.md``):

* ``persoon_id``, ``gezin_id``, ``huishouden_id`` (required, no missing values), ``rol`` (``volwassene`` or
  ``kind``; at most two volwassenen and at least one per gezin), ``geboortedatum`` (required).
* input variables by name (``bruto_loon``, ``kale_huur``, ``vermogen`` ...): a MONTH variable holds the monthly
  amount in every month of the simulated year, a YEAR variable the year's value, ETERNITY as is. Gezin and
  huishouden variables are repeated on each member's row and must be equal within the entity.
* ``<variable>@<year>`` for an earlier year, e.g. ``bruto_loon@2024`` (the Stadspas tests last year's income,
  the IIT three years).
* ``gewicht`` (optional, per household, repeated on each member's row; default 1) and descriptive columns
  (``woningbezit``: koop / corporatie / particulier).

``validate`` never drops or repairs a row: it raises :class:`PopulationError` naming the column and rows.
"""

from __future__ import annotations

import pathlib

import numpy
import pandas

from openfisca_amsterdam import validation

ID_COLUMNS = ("persoon_id", "gezin_id", "huishouden_id")
ROLES = ("volwassene", "kind")
WEIGHT = "gewicht"
DESCRIPTIVE = {"woningbezit": ("koop", "corporatie", "particulier")}
#: Income inputs of earlier years: when a file gives none for a year, the simulated year's value is used.
INCOME_HISTORY = ("bruto_loon", "winst_uit_onderneming", "aanvullend_pensioen")


class PopulationError(ValueError):
    """A population file or table is malformed; names the column and (some of) the rows at fault."""

    def __init__(self, column: str, message: str, rows=None) -> None:
        self.column = column
        self.rows = [int(r) for r in (rows if rows is not None else [])]
        shown = ", ".join(str(r) for r in self.rows[:10]) + (" ..." if len(self.rows) > 10 else "")
        where = f" (rows {shown}; {len(self.rows)} in all)" if self.rows else ""
        super().__init__(f"column '{column}': {message}{where}")


def read_population(path) -> pandas.DataFrame:
    """Read a person table from .parquet or .csv (rows are numbered from 0 in error messages). A missing, empty,
    corrupt or mis-named file, or a directory, is a PopulationError naming ``--population``."""
    path = pathlib.Path(path)
    if not path.exists():
        raise PopulationError("--population", f"file {path} does not exist")
    if path.is_dir():
        raise PopulationError("--population", f"{path} is a directory, not a .parquet or .csv file")
    if path.suffix not in (".parquet", ".csv"):
        raise PopulationError("--population", f"{path.name}: expected a .parquet or .csv file")
    if path.stat().st_size == 0:
        raise PopulationError("--population", f"{path.name} is empty")
    try:
        if path.suffix == ".parquet":
            return pandas.read_parquet(path)
        return pandas.read_csv(path, keep_default_na=True)
    except Exception as error:  # pyarrow and pandas raise many kinds; the message names the file and the cause
        kind = "Parquet" if path.suffix == ".parquet" else "CSV"
        raise PopulationError(
            "--population", f"{path.name} cannot be read as {kind} ({type(error).__name__}: {str(error)[:200]})"
        ) from None


def split_column(name: str) -> tuple[str, int | None]:
    """'bruto_loon@2024' -> ('bruto_loon', 2024); 'bruto_loon' -> ('bruto_loon', None)."""
    if "@" in name:
        variable, _, year = name.partition("@")
        if not year.isdigit() or len(year) != 4:
            raise PopulationError(name, "the part after '@' must be a year YYYY")
        return variable, int(year)
    return name, None


def _bad(mask) -> numpy.ndarray:
    return numpy.flatnonzero(numpy.asarray(mask))


def _not_constant(table, key, column) -> numpy.ndarray:
    """All rows of every entity (``key``) whose rows do not share one value of ``column``."""
    distinct = table.groupby(key, sort=False)[column].transform("nunique", dropna=False)
    return _bad(distinct > 1)


class PopulationErrors(PopulationError):
    """Every problem of a population table, found in one pass (each a :class:`PopulationError`)."""

    def __init__(self, problems: list[PopulationError]) -> None:
        self.problems = problems
        self.column, self.rows = problems[0].column, problems[0].rows
        ValueError.__init__(
            self,
            "; ".join(str(p) for p in problems)
            if len(problems) == 1
            else f"{len(problems)} problems: " + "; ".join(str(p) for p in problems),
        )


#: Birth dates: text ``YYYY-MM-DD`` or a date column (Parquet); no integers (19800101) and no day-first text.
ISO_DATE = validation.ISO_DATE.pattern.strip("^$")


def _birth_dates(table, year, fail) -> None:
    column = table["geboortedatum"]
    if column.dtype.kind == "M":
        dates = column.to_numpy().astype("datetime64[D]")
        bad = numpy.zeros(len(table), bool)
    else:
        text = column.astype(str)
        bad = ~text.str.fullmatch(ISO_DATE).fillna(False).to_numpy() | column.isna().to_numpy()
        if column.dtype.kind in "iuf":
            fail(
                "geboortedatum",
                "a number is not a date: write birth dates as text YYYY-MM-DD (e.g. 1980-01-01)",
                _bad(column.notna()),
            )
            return
        parsed = pandas.to_datetime(text.where(~bad), format="%Y-%m-%d", errors="coerce")
        bad |= parsed.isna().to_numpy()
        dates = parsed.to_numpy().astype("datetime64[D]")
        if bad.any():
            fail("geboortedatum", "not a date YYYY-MM-DD (year first; e.g. 1985-06-03)", _bad(bad))
    implausible = validation.birth_date_problems(
        numpy.where(bad, numpy.datetime64("2000-01-01"), dates), f"{year}-12-31"
    )
    for mask, message in implausible:
        fail("geboortedatum", message, _bad(mask))
    if bad.any() or implausible:
        return
    table["geboortedatum"] = dates
    child = table["rol"].to_numpy() == "kind"
    adult_child = child & (
        dates <= numpy.datetime64(f"{year - validation.ADULT_AGE}-01-01")
    )  # 18 or older on 1 January
    if adult_child.any():
        fail(
            "rol",
            "a kind must be a minor on 1 January of the year (an adult child is a volwassene of its own gezin)",
            _bad(adult_child),
        )
    youngest_adult = (
        pandas.Series(numpy.where(child, numpy.datetime64("NaT"), dates), index=table.index)
        .groupby(table["gezin_id"])
        .transform("max")
        .to_numpy()
        .astype("datetime64[D]")
    )
    older = child & (dates < youngest_adult)
    older &= ~numpy.isnat(youngest_adult)
    if older.any():
        fail("geboortedatum", "a kind is older than a volwassene of its gezin", _bad(older))


def _weights(table, fail) -> None:
    if WEIGHT not in table.columns:
        table[WEIGHT] = 1.0
        return
    weight = pandas.to_numeric(table[WEIGHT], errors="coerce")
    rows = _bad(weight.isna() | ~numpy.isfinite(weight.fillna(0)) | (weight <= 0))
    if rows.size:
        fail(WEIGHT, "weight must be a finite positive number", rows)
        return
    table[WEIGHT] = weight.astype(float)
    rows = _not_constant(table, "huishouden_id", WEIGHT)
    if rows.size:
        fail(WEIGHT, "the weight must be the same for all members of a household", rows)


def _structure(table, fail) -> bool:
    """The columns, ids and roles everything else needs; False when the table cannot be checked further."""
    if not _has_required_columns(table, fail):
        return False
    ok = _check_ids(table, fail)
    return _check_gezinnen(table, fail) and ok


def _has_required_columns(table, fail) -> bool:
    if len(table.columns) == 1 and ";" in str(table.columns[0]):
        fail(
            str(table.columns[0])[:40] + "...",
            "the file has one column: is it separated by ';' instead of ','? "
            "(expected columns persoon_id, huishouden_id, gezin_id, rol, geboortedatum, ...)",
        )
        return False
    for column in (*ID_COLUMNS, "rol", "geboortedatum"):
        if column not in table.columns:
            fail(column, "required column is missing")
    return all(c in table.columns for c in (*ID_COLUMNS, "rol", "geboortedatum"))


def _check_ids(table, fail) -> bool:
    """Every id filled in (as text from here on) and every person id once; False when an id is missing."""
    ok = True
    for column in ID_COLUMNS:
        missing = _bad(table[column].isna() | (table[column].astype(str).str.strip() == ""))
        if missing.size:
            fail(column, "missing id", missing)
            ok = False
        table[column] = table[column].astype(str)
    duplicated = _bad(table["persoon_id"].duplicated(keep=False))
    if duplicated.size:
        fail("persoon_id", "the same person id appears more than once", duplicated)
    return ok


def _check_gezinnen(table, fail) -> bool:
    """Known roles, one dwelling per gezin, one or two volwassenen per gezin; False when a role is unknown."""
    ok = True
    bad_role = _bad(~table["rol"].isin(ROLES))
    if bad_role.size:
        fail("rol", f"unknown role (expected one of {', '.join(ROLES)})", bad_role)
        ok = False
    spread = _not_constant(table, "gezin_id", "huishouden_id")
    if spread.size:
        fail("huishouden_id", "a gezin is spread over two dwellings (huishoudens)", spread)
    adults = table["rol"].eq("volwassene").groupby(table["gezin_id"]).transform("sum")
    for mask, message in (
        (adults > 2, "a gezin has more than two volwassenen"),
        (adults == 0, "a gezin has no volwassene"),
    ):
        rows = _bad(mask)
        if rows.size:
            fail("rol", message, rows)
    return ok


#: The values a boolean column may hold. The numbers 1 and 0 map too: they are equal to True and False (and hash
#: alike), so the keys True and False match them.
BOOLEANS = {True: True, False: False, "true": True, "false": False, "ja": True, "nee": False}


def _input_column(table, system, year, column, fail) -> None:
    if column in DESCRIPTIVE:
        rows = _bad(~table[column].isin(DESCRIPTIVE[column]))
        if rows.size:
            fail(column, f"expected one of {', '.join(DESCRIPTIVE[column])}", rows)
        return
    name, at = split_column(column)
    variable = _input_variable(table, system, year, column, name, at, fail)
    if variable is None or not _convert(table, variable, name, column, fail):
        return
    key = {"gezin": "gezin_id", "huishouden": "huishouden_id"}.get(variable.entity.key)
    if key:
        rows = _not_constant(table, key, column)
        if rows.size:
            fail(column, f"a {variable.entity.key} variable must be equal on every member's row", rows)


#: Computed by the rules, but for an earlier year given as data: the registered fiscal income (the Belastingdienst's
#: toetsingsinkomen) that the city's income tests read for last year (the Stadspas, the children's schemes) and the
#: IIT for three years. Given, it replaces the computation of that year's bijstand month by month.
GIVEN_FOR_EARLIER_YEARS = ("toetsingsinkomen",)


def _input_variable(table, system, year, column, name, at, fail):
    """The input variable a column gives, or None (the reason reported) when the column cannot be used."""
    if name not in system.variables:
        fail(column, "unknown column: not an input variable of the rules (see docs/population.md)")
        return None
    variable = system.variables[name]
    if variable.formulas and name != "netto_inkomen" and not (name in GIVEN_FOR_EARLIER_YEARS and at is not None):
        hint = f" (for an earlier year it can: {name}@{year - 1})" if name in GIVEN_FOR_EARLIER_YEARS else ""
        fail(column, f"'{name}' is computed by the rules; it cannot be given as a column{hint}")
        return None
    if at is not None and not (year - 4 <= at < year):
        fail(column, f"an earlier year must be one of {year - 4}..{year - 1} for a run of {year}")
        return None
    missing = _bad(table[column].isna())
    if missing.size:
        fail(column, "missing value (no row is filled in silently)", missing)
        return None
    return variable


def _convert(table, variable, name, column, fail) -> bool:
    """Convert a column to its variable's type in place; False (the problems reported) when a value does not fit."""
    if variable.value_type in (float, int):
        return _convert_number(table, name, column, fail)
    if variable.value_type.__name__ == "Enum":
        return _convert_enum(table, variable, column, fail)
    if variable.value_type is bool:
        return _convert_bool(table, column, fail)
    return True


def _convert_number(table, name, column, fail) -> bool:
    if table[column].dtype.kind == "b":
        fail(column, "true/false is not a number", _bad(table[column].notna()))
        return False
    values = pandas.to_numeric(table[column], errors="coerce").astype(float)
    problems = validation.amount_problems(name, values.to_numpy())
    for mask, message in problems:
        fail(column, message, _bad(mask))
    if problems:
        return False
    table[column] = values
    return True


def _convert_enum(table, variable, column, fail) -> bool:
    allowed = [item.name for item in variable.possible_values]
    rows = _bad(~table[column].astype(str).isin(allowed))
    if rows.size:
        fail(column, f"expected one of {', '.join(allowed)}", rows)
        return False
    table[column] = table[column].astype(str)
    return True


def _convert_bool(table, column, fail) -> bool:
    mapped = table[column].map(BOOLEANS)
    rows = _bad(mapped.isna())
    if rows.size:
        fail(column, "not a boolean (true/false)", rows)
        return False
    table[column] = mapped.astype(bool)
    return True


def validate(table: pandas.DataFrame, system, year: int) -> pandas.DataFrame:
    """Check a person table against the schema and the rules; return it with normalised types. Every problem is
    reported in one pass (:class:`PopulationErrors`), each naming its column and rows."""
    if not isinstance(table, pandas.DataFrame) or table.empty:
        raise PopulationError("(table)", "the population has no rows")
    table = table.reset_index(drop=True).copy()
    problems: list[PopulationError] = []

    def fail(column, message, rows=None):
        problems.append(PopulationError(column, message, rows))

    if not _structure(table, fail):  # without ids and roles nothing else can be checked
        raise problems[0] if len(problems) == 1 else PopulationErrors(problems)
    _birth_dates(table, year, fail)
    _weights(table, fail)
    for column in table.columns:
        if column not in (*ID_COLUMNS, "rol", "geboortedatum", WEIGHT):
            _input_column(table, system, year, column, fail)
    if "gemeente" in table.columns:
        for mask, message in validation.gemeente_problems(table["gemeente"].to_numpy()):
            fail("gemeente", message, _bad(mask))
    if problems:
        raise problems[0] if len(problems) == 1 else PopulationErrors(problems)
    return table


def write_population(table: pandas.DataFrame, path) -> None:
    """Write a person table in the microdata schema (``.parquet`` or ``.csv``) atomically: into a temporary file
    beside ``path``, then moved into place, so a reader never sees half a file. Internal columns (``_...``) are left
    out; birth dates are written as ``YYYY-MM-DD``."""
    import os
    import pathlib
    import tempfile

    path = pathlib.Path(path)
    table = table[[c for c in table.columns if not str(c).startswith("_")]].copy()
    if "geboortedatum" in table:
        table["geboortedatum"] = pandas.to_datetime(table["geboortedatum"]).dt.strftime("%Y-%m-%d")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        if path.suffix == ".parquet":
            table.to_parquet(temporary, index=False)
        else:
            table.to_csv(temporary, index=False)
        os.replace(temporary, path)
    except BaseException:
        pathlib.Path(temporary).unlink(missing_ok=True)
        raise
