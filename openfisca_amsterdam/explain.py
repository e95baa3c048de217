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


def failed_conditions(situation, names, period: str, system=None, depth: int = 3) -> dict:
    """Why a scheme gives nothing: ``{(variable, unit id): [condition, ...]}`` for each of ``names`` that is 0 or
    false for a unit, listing the conditions of the same entity (boolean variables within ``depth`` levels of its
    computation tree) that are false for that unit, each with its label and article."""
    system = system or default_system()
    month = check_period(period)
    simulation = build_simulation(situation, system)
    check_periods(situation, [month])
    simulation.trace = True
    out: dict = {}
    for name in names:
        variable = system.variables[name]
        asked = month if variable.definition_period == "month" else month.this_year
        try:
            values = numpy.asarray(simulation.calculate(name, asked))
        except Exception:  # noqa: BLE001 - a value not covered has no reasons to give; the view says not covered
            continue
        entity = variable.entity.key
        ids = simulation.populations[entity].ids
        tree = next((t for t in reversed(simulation.tracer.trees) if t.name == name), None)
        if tree is None:
            continue
        conditions = _false_conditions(tree, system, entity, len(ids), depth, SCHEME_CONDITIONS.get(name, ()))
        compared = _means_test(simulation, name, asked) or _rent_limit(simulation, name, asked)
        for i, unit in enumerate(ids):
            if not values[i]:
                reasons = [text for mask, text in conditions if mask[i]]
                if compared is not None:
                    reasons += [r for r in compared(i) if r not in reasons]
                out[(name, unit)] = reasons or [f"no failed condition found: see household FILE --explain {name}"]
    return out


#: Schemes that pay a norm minus the means: (means, norm, article) for "means above the norm".
MEANS_TESTS = {"bijstand": ("bijstand_middelen", "bijstandsnorm", "art. 19 en 31 Pw")}


def _rent_limit(simulation, name: str, period):
    """Huurtoeslag until 2026: the rekenhuur against the maximale huurgrens (or, for a jongere, the
    kwaliteitskortingsgrens), as the conditions test it (variables/huurtoeslag/huurtoeslag.py)."""
    if name != "huurtoeslag" or period.start.year >= 2026:
        return None
    ht = simulation.tax_benefit_system.parameters(period.start).huurtoeslag
    rent = numpy.asarray(simulation.calculate("rekenhuur", period))
    young = numpy.asarray(simulation.calculate("huurtoeslag_is_jongere", period))
    limit = numpy.where(young, ht.kwaliteitskortingsgrens, ht.maximale_huurgrens)
    names = numpy.where(young, "huurtoeslag.kwaliteitskortingsgrens", "huurtoeslag.maximale_huurgrens")

    def compared(i):
        return [f"rekenhuur {rent[i]:,.2f} > {names[i]} {limit[i]:,.2f}"] if rent[i] > limit[i] else []

    return compared


def _means_test(simulation, name: str, period):
    if name not in MEANS_TESTS:
        return None
    means_name, norm_name, cited = MEANS_TESTS[name]
    means = numpy.asarray(simulation.calculate(means_name, period))
    norm = numpy.asarray(simulation.calculate(norm_name, period))
    return lambda i: (
        [f"middelen {means[i]:,.2f} >= {norm_name} {norm[i]:,.2f} ({cited})"] if means[i] >= norm[i] else []
    )


#: Facts that are conditions of one scheme (a gezin without children gets no kindgebonden budget).
SCHEME_CONDITIONS = {"kindgebonden_budget": ("heeft_kinderen",), "aio": ("is_pensioengerechtigd_gezin",)}
#: Variables that are conditions of a right (the others in a tree are facts, not reasons).
CONDITION = re.compile(r"heeft_recht|voorwaarde|voldoet|_recht_op|is_verzekerde|woont_in")


def _false_conditions(tree, system, entity: str, count: int, depth: int, own=()) -> list:
    found, seen = [], set()

    def walk(node, level):
        if level > depth or node.name in seen:
            return
        seen.add(node.name)
        variable = system.variables.get(node.name)
        value = numpy.asarray(node.value)
        if (
            level > 0
            and (CONDITION.search(node.name) or node.name in own)
            and variable is not None
            and variable.entity.key == entity
            and value.dtype == bool
            and value.shape == (count,)
            and (~value).any()
        ):
            cited = article(variable)
            shown = f" ({cited})" if cited and cited not in variable.label else ""
            found.append((~value, f"{variable.label}{shown}: nee"))
        for child in node.children:
            walk(child, level + 1)

    walk(tree, 0)
    return found
