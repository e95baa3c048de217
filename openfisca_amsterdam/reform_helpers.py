"""What every named reform in ``reforms/`` shares: an OpenFisca ``Reform`` built from its class attributes.

A reform module ``reforms/<name>.py`` defines ``class <name>(NamedReform)`` (as openfisca/country-template does), so
``openfisca serve --reforms openfisca_amsterdam.reforms.<name>.<name>`` and ``openfisca test --reforms ...`` load it.
Its class attributes:

* ``DESCRIPTION`` (one line), ``BURDEN`` (the application steps or data items it removes for a citizen) and
  ``STEPS_REMOVED`` (that number, per citizen affected);
* ``PARAMETERS``: a parametric part ``{parameter.path: {"YYYY-MM-DD": value}}`` (validated when applied);
* ``VARIABLES``: structural changes ``{variable_name: formula}``; each new formula runs only while the reform's
  ``hervormingen.<name>.in_effect`` parameter is true, the baseline formula otherwise; or ``{name: Variable class}``
  for a variable the reform adds or replaces whole;
* ``EXTRA_PARAMETERS``: ``{path: parameter data}`` the reform adds (scenario choices, not law);
* ``REGISTERED_INCOME``: ``{scheme: lag}`` for automatic granting from registered income (the population run computes
  the scheme on the incomes of ``lag`` years earlier and grants it ``ambtshalve`` where that gives a right).
"""

from __future__ import annotations

import datetime

from openfisca_core.model_api import Variable
from openfisca_core.parameters import Parameter, ParameterNode
from openfisca_core.reforms import Reform

from openfisca_amsterdam.role_masks import RoleMaskEntities


class ReformError(ValueError):
    """A reform name, parameter path, date or value is not valid; names the field at fault."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"reform '{field}': {message}")


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
            raise ReformError(path, 'expected {"YYYY-MM-DD": value}')
        for date, value in values.items():
            if value is not None and not isinstance(value, (int, float, bool)):
                raise ReformError(path, f"value {value!r} is not a number")
            checked.append((path, _date(path, date), value))
    return checked


def set_values(parameters, checked) -> None:
    """Apply validated ``(path, date, value)`` changes: each value holds from its date on."""
    for path, date, value in checked:
        node = parameters
        for part in path.split("."):
            node = node.children[part]
        node.update(start=date, value=value)


def _in_effect_node(name: str, description: str) -> ParameterNode:
    return ParameterNode(
        name,
        data={
            "in_effect": {
                "description": f"Hervorming {name} is van kracht: {description}",
                "metadata": {
                    "unit": "bool",
                    "reference": [
                        {
                            "title": f"reforms/{name}.py (a scenario, not law)",
                            "href": "https://github.com/openfisca-amsterdam",
                        }
                    ],
                    "last_value_still_valid_on": "2099-12-31",
                },
                "values": {"2000-01-01": {"value": True}},
            }
        },
    )


def _add_parameter(parameters, path: str, data: dict) -> None:
    node = parameters
    *groups, leaf = path.split(".")
    for part in groups:
        if part not in node.children:
            node.add_child(part, ParameterNode(part, data={}))
        node = node.children[part]
    node.add_child(leaf, Parameter(f"{node.name}.{leaf}".lstrip("."), data=data))


def _switchable(baseline_variable, name: str, formula):
    """The variable with ``formula`` while ``hervormingen.<name>.in_effect``, its baseline formula otherwise."""

    def switch(entity, period, parameters):
        if getattr(parameters(period.start).hervormingen, name).in_effect:
            return formula(entity, period, parameters)
        return baseline_variable.get_formula(period)(entity, period, parameters)

    attributes = {
        key: getattr(baseline_variable, key) for key in ("value_type", "entity", "definition_period", "label")
    }
    attributes["formula"] = switch
    for optional in ("unit", "possible_values", "default_value", "reference"):
        if getattr(baseline_variable, optional, None) is not None:
            attributes[optional] = getattr(baseline_variable, optional)
    return type(baseline_variable.name, (Variable,), attributes)


class NamedReform(RoleMaskEntities, Reform):
    """A named reform of ``reforms/``: its ``in_effect`` switch, parametric part, added parameters and variables."""

    DESCRIPTION = ""
    BURDEN = ""
    STEPS_REMOVED = 0
    PARAMETERS: dict = {}
    VARIABLES: dict = {}
    EXTRA_PARAMETERS: dict = {}
    REGISTERED_INCOME: dict = {}
    #: inputs the granting body does not know ({scheme: (input, ...)}): in its view they are 0 (it cannot test them)
    UNKNOWN_TO_BODY: dict = {}

    def apply(self):
        cls = type(self)
        name = cls.__name__
        checked = validate_parameters(self, cls.PARAMETERS) if cls.PARAMETERS else []

        def modify(parameters):
            if "hervormingen" not in parameters.children:
                parameters.add_child("hervormingen", ParameterNode("hervormingen", data={}))
            parameters.children["hervormingen"].add_child(name, _in_effect_node(name, cls.DESCRIPTION))
            for path, data in cls.EXTRA_PARAMETERS.items():
                _add_parameter(parameters, path, data)
            set_values(parameters, checked)
            return parameters

        self.modify_parameters(modifier_function=modify)
        for variable, formula in cls.VARIABLES.items():
            if isinstance(formula, type) and issubclass(formula, Variable):
                (self.update_variable if variable in self.variables else self.add_variable)(formula)
            else:
                self.update_variable(_switchable(self.baseline.variables[variable], name, formula))
