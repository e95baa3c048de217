"""Reforms: the registry of named reforms in ``reforms/``, parametric reforms from a dict, and combinations.

A reform module in ``reforms/`` (the law folder) defines:

* ``NAME``, ``DESCRIPTION`` (one line), ``BURDEN`` (which application steps or data items it removes for a citizen)
  and ``STEPS_REMOVED`` (that number, per citizen affected);
* optionally ``PARAMETERS``: a parametric part ``{parameter.path: {"YYYY-MM-DD": value}}``;
* optionally ``VARIABLES``: structural changes ``{variable_name: formula}``; each new formula runs only while the
  reform's ``hervormingen.<NAME>.in_effect`` parameter is true, and the baseline formula otherwise;
* optionally ``REGISTERED_INCOME``: ``{scheme: lag}`` for automatic granting from registered income (the population
  run computes the scheme from the incomes of ``lag`` years earlier and grants it ``ambtshalve`` where that gives a
  right), and ``UNKNOWN_TO_BODY``: ``{scheme: (input, ...)}``, inputs the granting body does not have (0 in its view).

``apply_reforms(system, ["a", "b+c"])`` applies them in order; ``"b+c"`` is a combination. A parametric dict is
validated first: an unknown path or a bad date is a :class:`ReformError` naming it.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil

from openfisca_core.reforms import Reform

from openfisca_amsterdam.reform_helpers import ReformError, set_values, validate_parameters
from openfisca_amsterdam.role_masks import RoleMaskEntities

__all__ = [
    "ReformError",
    "ReformSpec",
    "apply_reforms",
    "available",
    "parametric_reform",
    "registered_income",
    "unknown_to_body",
    "split",
    "validate_parameters",
]


@dataclasses.dataclass(frozen=True)
class ReformSpec:
    name: str
    description: str
    burden: str
    steps_removed: int
    reform: type
    registered_income: dict
    unknown_to_body: dict = dataclasses.field(default_factory=dict)


def available() -> dict[str, ReformSpec]:
    """Every reform module in ``reforms/`` whose name does not start with ``_``, by name: its ``Reform`` class."""
    import openfisca_amsterdam.reforms as package

    specs = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"openfisca_amsterdam.reforms.{info.name}")
        reform = getattr(module, info.name, None)
        if not (inspect.isclass(reform) and issubclass(reform, Reform)):
            raise TypeError(f"reforms/{info.name}.py must define an openfisca_core Reform subclass named {info.name}")
        specs[info.name] = ReformSpec(
            info.name,
            getattr(reform, "DESCRIPTION", "") or (reform.__doc__ or "").split("\n")[0],
            getattr(reform, "BURDEN", ""),
            int(getattr(reform, "STEPS_REMOVED", 0)),
            reform,
            dict(getattr(reform, "REGISTERED_INCOME", {})),
            dict(getattr(reform, "UNKNOWN_TO_BODY", {})),
        )
    return specs


#: A projection as a reform name, for the population run's baseline: ``projected:UNTIL:INDEX`` (docs/projection.md).
PROJECTED = "projected"


def projection_name(until: str, index: float) -> str:
    return f"{PROJECTED}:{until}:{float(index)!r}"


def _is_projection(name: str) -> bool:
    return name.startswith(f"{PROJECTED}:") and name.count(":") == 2


def split(names) -> list[str]:
    """['a', 'b+c'] -> ['a', 'b', 'c'] (validated)."""
    specs = available()
    flat = []
    for item in names:
        for name in str(item).split("+"):
            name = name.strip()
            if _is_projection(name):
                flat.append(name)
                continue
            if name not in specs:
                raise ReformError(name, f"unknown reform (known: {', '.join(specs)})")
            flat.append(name)
    return flat


def parametric_reform(system, changes: dict, name: str = "parametric"):
    """A reform that sets the given parameter values from their dates on (validated first)."""
    checked = validate_parameters(system, changes)

    def modify(parameters):
        set_values(parameters, checked)
        return parameters

    class parametric(RoleMaskEntities, Reform):
        def apply(self):
            self.modify_parameters(modifier_function=modify)

    parametric.__name__ = name
    return parametric(system)


def apply_reforms(system, names, parameters: dict | None = None):
    """The system with the named reforms (and a parametric dict, last) applied in order."""
    specs = available()
    for name in split(names):
        if _is_projection(name):
            from openfisca_amsterdam.projection import projected_reform

            _, until, index = name.split(":")
            system = projected_reform(until, float(index))(system)
            continue
        system = specs[name].reform(system)
    if parameters:
        system = parametric_reform(system, parameters)
    return system


def unknown_to_body(names) -> dict[str, tuple]:
    """{scheme: inputs the granting body does not know} of the automatic-grant reforms among ``names``."""
    specs = available()
    out: dict = {}
    for name in split(names):
        if not _is_projection(name):
            out.update({k: tuple(v) for k, v in specs[name].unknown_to_body.items()})
    return out


def registered_income(names) -> dict[str, int]:
    """{scheme: lag} of the automatic-grant reforms among ``names``."""
    specs = available()
    out = {}
    for name in split(names):
        if not _is_projection(name):
            out.update(specs[name].registered_income)
    return out
