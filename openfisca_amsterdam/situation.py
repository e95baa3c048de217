"""Python API: build and compute a household from an OpenFisca Web API situation dict.

>>> from openfisca_amsterdam.situation import calculate
>>> calculate(situation, "bijstand", "2025-03")          # {"gezin_1": 1345.45}

Situations are validated before OpenFisca sees them; every problem is a :class:`SituationError`
naming the field (e.g. ``personen.anna.geboortedatum``), never a wrong number.
"""

from __future__ import annotations

import datetime
import functools
import json
import pathlib
from collections.abc import Iterable, Mapping

from openfisca_core import periods
from openfisca_core.errors import PeriodMismatchError, SituationParsingError
from openfisca_core.simulation_builder import SimulationBuilder

from openfisca_amsterdam.situation_checks import ENTITY_ROLES, Problems, SituationError, check_periods, check_situation
from openfisca_amsterdam.system import CountryTaxBenefitSystem

#: The Python API; the checks and their error are defined in :mod:`openfisca_amsterdam.situation_checks`.
__all__ = [
    "ENTITY_ROLES",
    "Problems",
    "SituationError",
    "build_simulation",
    "calculate",
    "check_period",
    "check_periods",
    "default_system",
    "load_situation",
    "requested_periods",
    "validate_situation",
]


@functools.lru_cache(maxsize=1)
def default_system() -> CountryTaxBenefitSystem:
    """The tax-benefit system, loaded once per process."""
    return CountryTaxBenefitSystem()


def _refuse_constant(name):
    raise json.JSONDecodeError(f"{name} is not a number JSON allows", name, 0)


def _no_alias_loader():
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        """PyYAML's safe loader, refusing aliases (``*name``): a 600-byte alias bomb would otherwise fill the memory."""

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.YAMLError(
                    f"line {event.start_mark.line + 1}: YAML aliases (*{event.anchor}) are not accepted"
                )
            return super().compose_node(parent, index)

    return NoAliasLoader


def load_situation(path: str | pathlib.Path) -> dict:
    """Read a situation file (JSON or YAML); a malformed file is a SituationError naming it."""
    import yaml

    _NoAliasLoader = _no_alias_loader()
    path = pathlib.Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SituationError(str(path), f"cannot read the file ({error.strerror})") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text, parse_constant=_refuse_constant)
        else:
            data = _dates_as_text(yaml.load(text, Loader=_NoAliasLoader))
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise SituationError(
            str(path), f"not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {error}"
        ) from None
    if not isinstance(data, dict):
        raise SituationError(
            str(path), "the file must hold a situation object with 'personen', 'gezinnen' and 'huishoudens'"
        )
    return data


def _dates_as_text(value):
    """YAML reads an unquoted 1990-05-12 as a date: give it back as the ISO text JSON would have."""
    if isinstance(value, dict):
        return {key: _dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(item) for item in value]
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def validate_situation(situation: Mapping, system: CountryTaxBenefitSystem | None = None) -> None:
    """Check a situation's structure and values; raise a SituationError listing every problem found (``problems``),
    the first of them as ``field`` and ``message``. Only a situation whose shape is unusable stops at once."""
    check_situation(situation, system or default_system())


def requested_periods(situation: Mapping) -> list[str]:
    """The periods of the values a Web API situation asks for (``null``)."""
    found = []
    for plural in ("personen", "gezinnen", "huishoudens"):
        for entity in (situation.get(plural) or {}).values():
            if isinstance(entity, Mapping):
                for values in entity.values():
                    if isinstance(values, Mapping):
                        found += [str(p) for p, v in values.items() if v is None]
    return found


def _normalise(situation: Mapping, system) -> dict:
    """Accept ``geboortedatum: "1980-01-01"`` as shorthand for ``{"ETERNITY": "1980-01-01"}``."""
    result = json.loads(json.dumps(situation, default=str))
    for plural in ("personen", "gezinnen", "huishoudens"):
        for entity in result.get(plural, {}).values():
            for name, value in entity.items():
                variable = system.variables.get(name)
                if variable is not None and variable.definition_period == "eternity" and not isinstance(value, dict):
                    entity[name] = {"ETERNITY": value}
    return result


def build_simulation(situation: Mapping, system=None, month_shortcut: bool = True):
    """Validate a situation and build an OpenFisca simulation from it. With ``month_shortcut`` (the default) a month
    variable is copied from another month of the year where everything it reads is the same
    (:mod:`openfisca_amsterdam.month_shortcut`); the results are the same either way."""
    from openfisca_amsterdam.month_shortcut import MonthShortcutBuilder

    system = system or default_system()
    validate_situation(situation, system)
    builder = MonthShortcutBuilder() if month_shortcut else SimulationBuilder()
    try:
        return builder.build_from_entities(system, _normalise(situation, system))
    except SituationParsingError as error:
        path = ".".join(str(p) for p in getattr(error, "error_path", []) or [])
        raise SituationError(path or "situation", _flatten(error.error)) from None
    except PeriodMismatchError as error:
        raise SituationError(error.variable_name, str(error)) from None


def _flatten(error) -> str:
    if isinstance(error, Mapping):
        return "; ".join(f"{k}: {_flatten(v)}" for k, v in error.items())
    return str(error)


def check_period(period: str) -> periods.Period:
    """Parse a calculation month ('2025-03'); a bad value is a SituationError on 'period'."""
    try:
        parsed = periods.period(str(period))
    except (ValueError, AttributeError):
        raise SituationError("period", f"'{period}' is not a month YYYY-MM") from None
    if parsed.unit != periods.DateUnit.MONTH or parsed.size != 1:
        raise SituationError("period", f"'{period}' is not a single month YYYY-MM")
    return parsed


def calculate(situation: Mapping, variables: str | Iterable[str], period: str, system=None) -> dict:
    """Compute variables for one month: ``{variable: {entity_id: value}}`` (or ``{entity_id: value}`` for one)."""
    system = system or default_system()
    month = check_period(period)
    simulation = build_simulation(situation, system)
    check_periods(situation, [month])
    single = isinstance(variables, str)
    names = [variables] if single else list(variables)
    result = {}
    for name in names:
        if name not in system.variables:
            raise SituationError(name, "unknown variable")
        variable = system.variables[name]
        population = simulation.get_variable_population(name)
        values = simulation.calculate(name, month if variable.definition_period == "month" else month.this_year)
        result[name] = dict(zip(population.ids, (v.item() if hasattr(v, "item") else v for v in values), strict=True))
    return result[names[0]] if single else result
