"""The checks of a situation (OpenFisca Web API format) before OpenFisca sees it, and the error they raise.

:class:`SituationError` names the field of every problem (e.g. ``personen.anna.geboortedatum``); :class:`Problems`
collects the independent ones so that all are reported at once. :func:`check_situation` checks the structure and the
values against a tax-benefit system, :func:`check_periods` what depends on the period asked. The Python API
(:mod:`openfisca_amsterdam.situation`) calls them and re-exports these names.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping

import numpy
from openfisca_core import periods

from openfisca_amsterdam.formula_helpers import add_months
from openfisca_amsterdam.validation import ADULT_AGE, ISO_DATE, amount_problems, birth_date_problems, gemeente_problems

ENTITY_ROLES = {
    "gezinnen": {"volwassenen", "kinderen"},
    "huishoudens": {"bewoners"},
}


class SituationError(ValueError):
    """A situation that cannot be computed; ``field`` is the dotted path of the culprit. When a situation has several
    problems, ``problems`` lists every ``(field, message)`` (``field`` and ``message`` are the first of them)."""

    def __init__(self, field: str, message: str, problems: list[tuple[str, str]] | None = None) -> None:
        self.problems = list(problems) if problems else [(field, message)]
        self.field, self.message = self.problems[0]
        super().__init__("\n".join(f"{f}: {m}" for f, m in self.problems))


class Problems:
    """Collects every independent problem of a situation, so that the user can fix them all at once."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    @contextlib.contextmanager
    def collect(self):
        """Run a check; record its SituationError (all of its problems) and go on."""
        try:
            yield
        except SituationError as error:
            self.items.extend(error.problems)

    def raise_if_any(self) -> None:
        if self.items:
            raise SituationError(*self.items[0], problems=self.items)


def check_situation(situation: Mapping, system) -> None:
    """Check a situation's structure and values against ``system``; raise a SituationError listing every problem
    found (``problems``), the first of them as ``field`` and ``message``. Only a situation whose shape is unusable
    stops at once."""
    if not isinstance(situation, Mapping):
        raise SituationError("situation", "must be an object with 'personen', 'gezinnen' and 'huishoudens'")
    problems = Problems()
    personen = _check_top_level(situation, problems)
    membership = _check_entities(system, problems, situation, personen)
    problems.raise_if_any()  # the checks below need a well-formed situation

    _check_partial_formula_inputs(system, situation)
    _check_one_dwelling_per_gezin(situation, membership, problems)
    problems.raise_if_any()


def _check_top_level(situation: Mapping, problems: Problems) -> Mapping:
    """Only known entities, and at least one person (without personen the check stops here); returns the personen."""
    allowed = {"personen", "gezinnen", "huishoudens", "axes"}
    for key in situation:
        if key not in allowed:
            problems.items.append((str(key), f"unknown entity; expected one of {sorted(allowed - {'axes'})}"))
    personen = situation.get("personen")
    if not isinstance(personen, Mapping) or not personen:
        problems.items.append(("personen", "at least one person is required"))
        problems.raise_if_any()
    return personen


def _check_entities(system, problems: Problems, situation: Mapping, personen: Mapping) -> dict[str, dict[str, str]]:
    """Every gezin, huishouden and person; returns who belongs to which: plural -> person -> group id."""
    membership: dict[str, dict[str, str]] = {"gezinnen": {}, "huishoudens": {}}
    for plural, roles in ENTITY_ROLES.items():
        groups = situation.get(plural)
        if not isinstance(groups, Mapping) or not groups:
            problems.items.append(
                (plural, "at least one is required; every person belongs to exactly one gezin and one huishouden")
            )
            continue
        for group_id, group in groups.items():
            with problems.collect():
                _check_group(system, problems, plural, roles, group_id, group, personen, membership)
    for person_id, person in personen.items():
        with problems.collect():
            _check_person(system, problems, person_id, person, membership)
    return membership


def _check_one_dwelling_per_gezin(situation: Mapping, membership: dict, problems: Problems) -> None:
    for gezin_id, gezin in situation["gezinnen"].items():
        members = [m for role in ENTITY_ROLES["gezinnen"] for m in as_list(gezin.get(role))]
        homes = {membership["huishoudens"][m] for m in members}
        if len(homes) > 1:
            problems.items.append(
                (
                    f"gezinnen.{gezin_id}",
                    f"its members live in different huishoudens ({', '.join(sorted(homes))}); "
                    "a gezin lives in one dwelling",
                )
            )


def _check_group(system, problems, plural, roles, group_id, group, personen, membership) -> None:
    where = f"{plural}.{group_id}"
    if not isinstance(group, Mapping):
        raise SituationError(where, "must be an object")
    for key, value in group.items():
        with problems.collect():
            if key in roles:
                _check_members(f"{where}.{key}", key, value, personen, membership[plural], plural, group_id)
            elif key in system.variables:
                _check_variable(system, where, key, value, _entity_key(plural))
            else:
                raise SituationError(f"{where}.{key}", f"unknown role or variable; the roles are {sorted(roles)}")
    if plural == "gezinnen" and not group.get("volwassenen"):
        raise SituationError(f"{where}.volwassenen", "a gezin needs one or two volwassenen")


def _check_members(field, role, value, personen, membership, plural, group_id) -> None:
    members = value if isinstance(value, list) else [value]
    for member in members:
        if not isinstance(member, (str, int)) or isinstance(member, bool) or member not in personen:
            raise SituationError(field, f"unknown person '{member}'")
        if member in membership:
            raise SituationError(
                field, f"person '{member}' is also in {plural}.{membership[member]}; a person belongs to exactly one"
            )
        membership[member] = group_id
    if role == "volwassenen" and len(members) > 2:
        raise SituationError(field, f"at most 2 volwassenen (got {len(members)})")


def _check_person(system, problems, person_id, person, membership) -> None:
    where = f"personen.{person_id}"
    if not isinstance(person, Mapping):
        raise SituationError(where, "must be an object of variables")
    for plural in ENTITY_ROLES:
        if person_id not in membership[plural]:
            problems.items.append(
                (where, f"is in no {_entity_key(plural)}; every person belongs to exactly one gezin and one huishouden")
            )
    if "geboortedatum" not in person:
        problems.items.append((f"{where}.geboortedatum", "missing: every person needs a birth date (YYYY-MM-DD)"))
    for key, value in person.items():
        with problems.collect():
            _check_variable(system, where, key, value, "persoon")


def _check_partial_formula_inputs(system, situation: Mapping) -> None:
    """A computed variable (one with a formula, e.g. netto_inkomen) given as input for a period must be
    given for every entity of its kind in that period: OpenFisca stores an input for the whole
    population at once, so the others would silently get 0 instead of their computed value."""
    for plural in ("personen", "gezinnen", "huishoudens"):
        entities = situation.get(plural) or {}
        given: dict[tuple[str, str], set] = {}
        for entity_id, entity in entities.items():
            for name, values in entity.items():
                variable = system.variables.get(name)
                if variable is None or not variable.formulas or not isinstance(values, Mapping):
                    continue
                for period, value in values.items():
                    if value is not None:
                        given.setdefault((name, str(period)), set()).add(entity_id)
        for (name, period), ids in sorted(given.items()):
            missing = [entity_id for entity_id in entities if entity_id not in ids]
            if missing:
                raise SituationError(
                    f"{plural}.{missing[0]}.{name}.{period}",
                    f"'{name}' is computed by the rules; as an input for {period} it must be given for every "
                    f"{_entity_key(plural)} (given for {', '.join(sorted(map(str, ids)))}), or for none",
                )


def as_list(value) -> list:
    """A role's members as a list (a single id, a list of ids, or none)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _entity_key(plural: str) -> str:
    return {"personen": "persoon", "gezinnen": "gezin", "huishoudens": "huishouden"}[plural]


def _check_variable(system, where: str, name: str, values, entity_key: str) -> None:
    field = f"{where}.{name}"
    variable = system.variables.get(name)
    if variable is None:
        raise SituationError(field, "unknown variable")
    if variable.entity.key != entity_key:
        raise SituationError(field, f"is a variable of {variable.entity.key}, not of {entity_key}")
    if not isinstance(values, Mapping):
        if variable.definition_period == "eternity" and isinstance(values, (str, int, float)):
            values = {"ETERNITY": values}
        else:
            raise SituationError(field, 'give values by period, e.g. {"2025-03": 1200}')
    problems = Problems()
    for period, value in values.items():
        with problems.collect():
            _check_value(variable, name, f"{field}.{period}", value)
    problems.raise_if_any()


def _check_value(variable, name: str, field: str, value) -> None:
    if value is None:
        if name == "geboortedatum":
            raise SituationError(field, "a birth date cannot be asked for: give it (YYYY-MM-DD)")
        return
    if name == "geboortedatum":
        _check_birth_date(field, value)
    if variable.value_type in (float, int):
        _check_number(name, field, value)
    if variable.value_type is bool and not isinstance(value, bool):
        raise SituationError(field, f"'{value}' must be true or false")
    if name == "gemeente":
        # one code as text: numpy would read a list value as a row of codes (an empty list failed with a TypeError)
        for _, message in gemeente_problems([str(value)]):
            raise SituationError(field, f"'{value}' is {message}")


def _check_number(name: str, field: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise SituationError(field, f"{json.dumps(value)} is not a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SituationError(field, f"'{value}' is not a number") from None
    for _, message in amount_problems(name, [number]):
        raise SituationError(field, f"{message} (got {value})")


def _check_birth_date(field: str, value) -> None:
    if not isinstance(value, str) or not ISO_DATE.match(value):
        raise SituationError(
            field, f"{json.dumps(value, default=str)} is not a date YYYY-MM-DD (year first, e.g. 1985-06-03)"
        )
    try:
        date = numpy.datetime64(value, "D")
    except ValueError:
        raise SituationError(field, f"'{value}' is not a date of the calendar") from None
    for _, message in birth_date_problems([date]):
        raise SituationError(field, f"'{value}' is {message}")


def _birth_dates(situation: Mapping) -> dict:
    out = {}
    for person_id, person in (situation.get("personen") or {}).items():
        value = person.get("geboortedatum")
        value = next(iter(value.values())) if isinstance(value, Mapping) and value else value
        out[person_id] = numpy.datetime64(str(value), "D")
    return out


def check_periods(situation: Mapping, periods_asked) -> None:
    """Checks that need the period: nobody born after the end of the last period asked; a kind is a minor at the start
    of the first period asked, and not older than a volwassene of its gezin. Every problem is reported."""
    periods_asked = [periods.period(str(p)) for p in periods_asked]
    if not periods_asked:
        return
    problems = Problems()
    first = min(p.start for p in periods_asked)
    last = max(p.stop for p in periods_asked)
    born = _birth_dates(situation)
    for person_id, date in born.items():
        if date > numpy.datetime64(str(last)):
            problems.items.append(
                (
                    f"personen.{person_id}.geboortedatum",
                    f"{date} is after the period asked (up to {last}): not yet born",
                )
            )
    start = numpy.datetime64(str(first))
    for gezin_id, gezin in (situation.get("gezinnen") or {}).items():
        adults = [born[p] for p in as_list(gezin.get("volwassenen")) if p in born]
        for child in as_list(gezin.get("kinderen")):
            if child not in born:
                continue
            if add_months(born[child], 12 * ADULT_AGE) <= start:
                problems.items.append(
                    (
                        f"gezinnen.{gezin_id}.kinderen",
                        f"'{child}' is {ADULT_AGE} or older on {first}: a kind is a "
                        "minor (an adult child is a volwassene of its own gezin)",
                    )
                )
            elif adults and born[child] < max(adults):
                problems.items.append(
                    (f"gezinnen.{gezin_id}.kinderen", f"'{child}' is older than a volwassene of the gezin")
                )
    problems.raise_if_any()
