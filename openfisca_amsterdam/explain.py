"""``household FILE --explain VARIABLE``: the computation tree of one variable, from OpenFisca's tracer, with the
article of each rule and the parameter values it read. Each variable and period is written out once; a later use says
"see above". ``depth`` bounds how far down the tree is printed."""

from __future__ import annotations

import re

import numpy

from openfisca_amsterdam.situation import build_simulation, check_period, check_periods, default_system
from openfisca_amsterdam.situation_checks import SituationError

#: "art. 21 onder a Pw", "artikel 20", "#Artikel22a" -> the article as people cite it.
_ARTICLE_IN_LABEL = re.compile(r"\bart(?:ikel)?\.? ?\d+[a-z]?(?:[^;):,]*)?", re.IGNORECASE)
_ARTICLE_IN_URL = re.compile(r"Artikel(\d+[a-z]?(?:\.\d+)?)")


def article(variable) -> str:
    """The article a variable implements: from its label (``art. 21 onder a Pw``) or its reference URL."""
    found = _ARTICLE_IN_LABEL.search(variable.label or "")
    if found:
        return found.group(0).strip().rstrip(",")
    references = variable.reference if isinstance(variable.reference, list) else [variable.reference or ""]
    for reference in references:
        match = _ARTICLE_IN_URL.search(str(reference))
        if match:
            return f"art. {match.group(1)}"
    return ""


def _show(value) -> str:
    if hasattr(value, "decode_to_str"):  # an Enum variable: its names, not its indices
        value = value.decode_to_str()
    values = numpy.asarray(value).ravel()
    shown = []
    for v in values[:4]:
        if isinstance(v, (float, numpy.floating)):
            shown.append(f"{float(v):,.2f}" if abs(v) >= 1 or v == 0 else f"{float(v):.6g}")
        elif hasattr(v, "name"):
            shown.append(str(v.name))
        else:
            shown.append(str(v.item() if hasattr(v, "item") else v))
    return ", ".join(shown) + (", ..." if values.size > 4 else "")


def explain(situation, variable: str, period: str, depth: int = 4, system=None) -> list[str]:
    """The lines of the tree of ``variable`` for the month ``period`` (a year variable: the month's year)."""
    system = system or default_system()
    if variable not in system.variables:
        raise SituationError("--explain", f"'{variable}' is not a variable")
    month = check_period(period)
    simulation = build_simulation(situation, system)
    check_periods(situation, [month])
    simulation.trace = True
    asked = month if system.variables[variable].definition_period == "month" else month.this_year
    simulation.calculate(variable, asked)
    lines: list[str] = []
    seen: set[tuple[str, str]] = set()

    def walk(node, level):
        key = (node.name, str(node.period))
        variable_ = system.variables.get(node.name)
        cited = article(variable_) if variable_ is not None else ""
        head = f"{'  ' * level}{node.name}[{node.period}] = {_show(node.value)}" + (f"   ({cited})" if cited else "")
        if key in seen:
            lines.append(head + "   (see above)")
            return
        seen.add(key)
        lines.append(head)
        indent = "  " * (level + 1)
        for parameter in node.parameters:
            lines.append(f"{indent}parameter {parameter.name}[{parameter.period}] = {_show(parameter.value)}")
        if level + 1 >= depth:
            if node.children:
                lines.append(f"{indent}... ({len(node.children)} inputs below; --depth to see them)")
            return
        for child in node.children:
            walk(child, level + 1)

    for tree in simulation.tracer.trees:
        walk(tree, 0)
    return lines
