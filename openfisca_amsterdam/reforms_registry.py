"""Reforms: the registry of named reforms in ``reforms/``, parametric reforms from a dict, and combinations.

A reform module in ``reforms/`` (the law folder) defines:

* ``NAME``, ``DESCRIPTION`` (one line), ``BURDEN`` (which application steps or data items it removes for a citizen)
  and ``STEPS_REMOVED`` (that number, per citizen affected);
* optionally ``PARAMETERS``: a parametric part ``{parameter.path: {"YYYY-MM-DD": value}}``;
* optionally ``VARIABLES``: structural changes ``{variable_name: formula}``; each new formula runs only while the
  reform's ``hervormingen.<NAME>.in_effect`` parameter is true, and the baseline formula otherwise;
* optionally ``REGISTERED_INCOME``: ``{scheme: lag}`` for automatic granting from registered income (the population
  run computes the scheme from the incomes of ``lag`` years earlier and grants it ``ambtshalve`` where that gives a
  right).

``apply_reforms(system, ["a", "b+c"])`` applies them in order; ``"b+c"`` is a combination. A parametric dict is
validated first: an unknown path or a bad date is a :class:`ReformError` naming it.
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib
import pkgutil

from openfisca_core.parameters import Parameter, ParameterNode

from openfisca_amsterdam.takeup.variables import takeup_variables
from openfisca_core.reforms import Reform


class ReformError(ValueError):
    """A reform name, parameter path, date or value is not valid; names the field at fault."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"reform '{field}': {message}")


@dataclasses.dataclass(frozen=True)
class ReformSpec:
    name: str
    description: str
    burden: str
    steps_removed: int
    parameters: dict
    variables: dict
    registered_income: dict
    extra_parameters: dict


def available() -> dict[str, ReformSpec]:
    """Every reform module in ``reforms/``, by name."""
    import openfisca_amsterdam.reforms as package

    specs = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"openfisca_amsterdam.reforms.{info.name}")
        if not hasattr(module, "NAME"):
            continue
        specs[module.NAME] = ReformSpec(
            module.NAME, module.DESCRIPTION, getattr(module, "BURDEN", ""), int(getattr(module, "STEPS_REMOVED", 0)),
            dict(getattr(module, "PARAMETERS", {})), dict(getattr(module, "VARIABLES", {})), dict(getattr(module, "REGISTERED_INCOME", {})),
            dict(getattr(module, "EXTRA_PARAMETERS", {})),
        )
    return specs


def split(names) -> list[str]:
    """['a', 'b+c'] -> ['a', 'b', 'c'] (validated)."""
    specs = available()
    flat = []
    for item in names:
        for name in str(item).split("+"):
            name = name.strip()
            if name not in specs:
                raise ReformError(name, f"unknown reform (known: {', '.join(specs)})")
            flat.append(name)
    return flat


def _date(path: str, text) -> str:
    try:
        return datetime.date.fromisoformat(str(text)).isoformat()
    except ValueError:
        raise ReformError(f"{path}@{text}", "not a date YYYY-MM-DD") from None


def validate_parameters(system, changes: dict) -> list[tuple[str, str, object]]:
    """Check a parametric reform: every path a parameter (leaf), every date valid, every value a number/bool/null."""
    if not isinstance(changes, dict):
        raise ReformError("parameters", "expected {parameter.path: {date: value}}")
    checked = []
    for path, values in changes.items():
        node = system.parameters
        for part in str(path).split("."):
            children = getattr(node, "children", None)
            if children is None or part not in children:
                raise ReformError(path, "unknown parameter path")
            node = children[part]
        if isinstance(node, ParameterNode) or not isinstance(node, Parameter):
            raise ReformError(path, "is a group of parameters, not one parameter")
        if not isinstance(values, dict) or not values:
            raise ReformError(path, "expected {\"YYYY-MM-DD\": value}")
        for date, value in values.items():
            if value is not None and not isinstance(value, (int, float, bool)):
                raise ReformError(path, f"value {value!r} is not a number")
            checked.append((path, _date(path, date), value))
    return checked


def _set_values(parameters, checked) -> None:
    """Apply validated ``(path, date, value)`` changes: each value holds from its date on."""
    for path, date, value in checked:
        node = parameters
        for part in path.split("."):
            node = node.children[part]
        node.update(start=date, value=value)


def parametric_reform(system, changes: dict, name: str = "parametric"):
    """A reform that sets the given parameter values from their dates on (validated first)."""
    checked = validate_parameters(system, changes)

    def modify(parameters):
        _set_values(parameters, checked)
        return parameters

    class parametric(Reform):
        def apply(self):
            self.modify_parameters(modifier_function=modify)

    parametric.__name__ = name
    return parametric(system)


def _in_effect_node(name: str, description: str) -> ParameterNode:
    return ParameterNode(name, data={
        "in_effect": {
            "description": f"Hervorming {name} is van kracht: {description}",
            "metadata": {"unit": "bool", "reference": [{"title": f"reforms/{name}.py", "href": "https://github.com/openfisca-amsterdam"}],
                         "last_value_still_valid_on": "2026-12-31"},
            "values": {"2000-01-01": {"value": True}},
        }
    })


def _switchable(baseline_variable, name: str, formula):
    """The variable with ``formula`` while ``hervormingen.<name>.in_effect``, its baseline formula otherwise."""

    def switch(entity, period, parameters):
        if getattr(parameters(period.start).hervormingen, name).in_effect:
            return formula(entity, period, parameters)
        return baseline_variable.get_formula(period)(entity, period, parameters)

    attributes = {key: getattr(baseline_variable, key) for key in ("value_type", "entity", "definition_period", "label")}
    attributes["formula"] = switch
    for optional in ("unit", "possible_values", "default_value", "reference"):
        if getattr(baseline_variable, optional, None) is not None:
            attributes[optional] = getattr(baseline_variable, optional)
    from openfisca_core.model_api import Variable

    return type(baseline_variable.name, (Variable,), attributes)


def structural_reform(system, spec: ReformSpec):
    """The named reform as an OpenFisca Reform: in_effect parameter, parametric part, structural part."""
    checked = validate_parameters(system, spec.parameters) if spec.parameters else []

    def modify(parameters):
        if "hervormingen" not in parameters.children:
            parameters.add_child("hervormingen", ParameterNode("hervormingen", data={}))
        parameters.children["hervormingen"].add_child(spec.name, _in_effect_node(spec.name, spec.description))
        for path, data in spec.extra_parameters.items():
            node = parameters
            *groups, leaf = path.split(".")
            for part in groups:
                if part not in node.children:
                    node.add_child(part, ParameterNode(part, data={}))
                node = node.children[part]
            node.add_child(leaf, Parameter(f"{node.name}.{leaf}".lstrip("."), data=data))
        _set_values(parameters, checked)
        return parameters

    class named(Reform):
        def apply(self):
            self.modify_parameters(modifier_function=modify)
            for variable, formula in spec.variables.items():
                if callable(formula) and not isinstance(formula, type):
                    self.update_variable(_switchable(self.baseline.variables[variable], spec.name, formula))
                else:  # a whole new Variable class
                    self.add_variable(formula)
            # claim, ambtshalve and receipt variables of registry schemes that this reform creates
            for variable in takeup_variables(present=set(self.variables)):
                if variable.__name__ not in self.variables:
                    self.add_variable(variable)

    named.__name__ = spec.name
    return named(system)


def apply_reforms(system, names, parameters: dict | None = None):
    """The system with the named reforms (and a parametric dict, last) applied in order."""
    specs = available()
    for name in split(names):
        system = structural_reform(system, specs[name])
    if parameters:
        system = parametric_reform(system, parameters)
    return system


def registered_income(names) -> dict[str, int]:
    """{scheme: lag} of the automatic-grant reforms among ``names``."""
    specs = available()
    out = {}
    for name in split(names):
        out.update(specs[name].registered_income)
    return out
