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

ID_COLUMNS = ("persoon_id", "gezin_id", "huishouden_id")
ROLES = ("volwassene", "kind")
WEIGHT = "gewicht"
DESCRIPTIVE = {"woningbezit": ("koop", "corporatie", "particulier")}
#: Inputs that may be negative (net wealth can be below zero).
MAY_BE_NEGATIVE = {"vermogen"}
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
    """Read a person table from .parquet or .csv (rows are numbered from 0 in error messages)."""
    path = pathlib.Path(path)
    if not path.exists():
        raise PopulationError("--population", f"file {path} does not exist")
    if path.suffix == ".parquet":
        return pandas.read_parquet(path)
    if path.suffix == ".csv":
        return pandas.read_csv(path)
    raise PopulationError("--population", f"{path.name}: expected a .parquet or .csv file")


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


def validate(table: pandas.DataFrame, system, year: int) -> pandas.DataFrame:
    """Check a person table against the schema and the rules; return it with normalised types."""
    if not isinstance(table, pandas.DataFrame) or table.empty:
        raise PopulationError("(table)", "the population has no rows")
    table = table.reset_index(drop=True).copy()
    for column in (*ID_COLUMNS, "rol", "geboortedatum"):
        if column not in table.columns:
            raise PopulationError(column, "required column is missing")
    for column in ID_COLUMNS:
        missing = _bad(table[column].isna() | (table[column].astype(str).str.strip() == ""))
        if missing.size:
            raise PopulationError(column, "missing id", missing)
        table[column] = table[column].astype(str)
    duplicated = _bad(table["persoon_id"].duplicated(keep=False))
    if duplicated.size:
        raise PopulationError("persoon_id", "the same person id appears more than once", duplicated)
    bad_role = _bad(~table["rol"].isin(ROLES))
    if bad_role.size:
        raise PopulationError("rol", f"unknown role (expected one of {', '.join(ROLES)})", bad_role)
    spread = _not_constant(table, "gezin_id", "huishouden_id")
    if spread.size:
        raise PopulationError("huishouden_id", "a gezin is spread over two dwellings (huishoudens)", spread)
    adults = table["rol"].eq("volwassene").groupby(table["gezin_id"]).transform("sum")
    for mask, message in ((adults > 2, "a gezin has more than two volwassenen"), (adults == 0, "a gezin has no volwassene")):
        rows = _bad(mask)
        if rows.size:
            raise PopulationError("rol", message, rows)
    try:
        table["geboortedatum"] = pandas.to_datetime(table["geboortedatum"], errors="raise").to_numpy().astype("datetime64[D]")
    except (ValueError, TypeError):
        parsed = pandas.to_datetime(table["geboortedatum"], errors="coerce")
        raise PopulationError("geboortedatum", "not a date YYYY-MM-DD", _bad(parsed.isna())) from None

    if WEIGHT in table.columns:
        weight = pandas.to_numeric(table[WEIGHT], errors="coerce")
        rows = _bad(weight.isna() | (weight <= 0))
        if rows.size:
            raise PopulationError(WEIGHT, "weight must be a positive number", rows)
        table[WEIGHT] = weight.astype(float)
        rows = _not_constant(table, "huishouden_id", WEIGHT)
        if rows.size:
            raise PopulationError(WEIGHT, "the weight must be the same for all members of a household", rows)
    else:
        table[WEIGHT] = 1.0

    for column in table.columns:
        if column in (*ID_COLUMNS, "rol", "geboortedatum", WEIGHT):
            continue
        if column in DESCRIPTIVE:
            rows = _bad(~table[column].isin(DESCRIPTIVE[column]))
            if rows.size:
                raise PopulationError(column, f"expected one of {', '.join(DESCRIPTIVE[column])}", rows)
            continue
        name, at = split_column(column)
        if name not in system.variables:
            raise PopulationError(column, "unknown column: not an input variable of the rules (see docs/population.md)")
        variable = system.variables[name]
        if variable.formulas and name != "netto_inkomen":
            raise PopulationError(column, f"'{name}' is computed by the rules; it cannot be given as a column")
        if at is not None and not (year - 4 <= at < year):
            raise PopulationError(column, f"an earlier year must be one of {year - 4}..{year - 1} for a run of {year}")
        missing = _bad(table[column].isna())
        if missing.size:
            raise PopulationError(column, "missing value (no row is filled in silently)", missing)
        if variable.value_type in (float, int):
            values = pandas.to_numeric(table[column], errors="coerce")
            rows = _bad(values.isna())
            if rows.size:
                raise PopulationError(column, "not a number", rows)
            if name not in MAY_BE_NEGATIVE:
                rows = _bad(values < 0)
                if rows.size:
                    raise PopulationError(column, "negative amount", rows)
            table[column] = values.astype(float)
        elif variable.value_type.__name__ == "Enum":
            allowed = [item.name for item in variable.possible_values]
            rows = _bad(~table[column].astype(str).isin(allowed))
            if rows.size:
                raise PopulationError(column, f"expected one of {', '.join(allowed)}", rows)
            table[column] = table[column].astype(str)
        elif variable.value_type is bool:
            mapped = table[column].map({True: True, False: False, 1: True, 0: False, "true": True, "false": False, "ja": True, "nee": False})
            rows = _bad(mapped.isna())
            if rows.size:
                raise PopulationError(column, "not a boolean (true/false)", rows)
            table[column] = mapped.astype(bool)
        key = {"gezin": "gezin_id", "huishouden": "huishouden_id"}.get(variable.entity.key)
        if key:
            rows = _not_constant(table, key, column)
            if rows.size:
                raise PopulationError(column, f"a {variable.entity.key} variable must be equal on every member's row", rows)
    if "gemeente" in table.columns:
        rows = _bad(~table["gemeente"].astype(str).str.fullmatch(r"GM\d{4}"))
        if rows.size:
            raise PopulationError("gemeente", "not a CBS municipality code GMdddd", rows)
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
