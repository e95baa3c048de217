"""Coverage: the one place that decides for which dates the law's numbers are known.

Convention (see ``docs/conventions.md``):

* every parameter in ``parameters/`` carries ``metadata.last_value_still_valid_on``: the last
  date on which its last value is known (checked against a source) to apply. For amounts indexed
  every half-year that is the day before the next, still unknown, indexation date
  (e.g. ``2026-06-30``); for rules in the law text in force it is the end of the last year
  checked.
* after that date the parameter has *no value*: :func:`apply_coverage` ends it with a ``null``
  value. A formula that reads it then raises :class:`NotCoveredError`, naming the parameter and
  its last covered date, instead of silently reusing an old number. Before its first value the
  same error is raised.
* a reform (or an analyst) that gives the parameter a value after that date makes it covered
  again for the reformed system.

Everything else (CLI, reports) asks this module: :func:`coverage_table` lists, for every
parameter, its first and last covered date, source and whether sources disagreed.
"""

from __future__ import annotations

import dataclasses
import datetime

import numpy
from openfisca_core.errors import ParameterNotFoundError
from openfisca_core.parameters import (
    Parameter,
    ParameterAtInstant,
    ParameterNode,
    ParameterNodeAtInstant,
    ParameterScale,
)

#: Key of the coverage end date in a parameter's metadata (openfisca-france convention).
LAST_VALID_KEY = "last_value_still_valid_on"


class NotCoveredError(ParameterNotFoundError):
    """A rule was asked for a date for which its parameter has no verified value."""

    def __init__(self, name: str, instant_str: str, first: str | None, last: str | None) -> None:
        super().__init__(name, instant_str)
        #: Full dotted name of the parameter (``AttributeError.name`` is reset by Python to the last attribute).
        self.parameter = name
        self.first_covered = first
        self.last_covered = last
        if first is not None and instant_str < first:
            reason = f"its first verified value applies from {first}"
        elif last is not None and instant_str > last:
            reason = f"its last value is verified up to {last} (metadata.{LAST_VALID_KEY})"
        else:
            reason = f"no source was found for this date (a gap between {first} and {last})"
        self.args = (
            f"Not covered: parameter '{name}' has no verified value on {instant_str}; {reason}. "
            "Add the new value with its source to parameters/ (or pass it as a reform) "
            "to compute this period.",
        )

    def __reduce__(self):
        return (type(self), (self.parameter, self.instant_str, self.first_covered, self.last_covered))


@dataclasses.dataclass(frozen=True)
class Coverage:
    """The covered date range and provenance of one parameter."""

    name: str
    first: str | None
    last: str | None
    unit: str | None
    reference: str
    disagreement: str | None
    description: str
    href: str | None = None

    @property
    def act(self) -> tuple[str, str]:
        """(Act or regulation, executing body) of the parameter, from its place in ``parameters/``."""
        return act_of(self.name)


#: Where each top-level folder of ``parameters/`` comes from: (Act or regulation, who executes it and publishes the
#: yearly amounts). Used to group ``openfisca-amsterdam coverage --due``.
ACTS = {
    "participatiewet": ("Participatiewet", "SZW (Normenbrief, Staatscourant); the gemeente executes"),
    "aow": ("Algemene Ouderdomswet", "SVB"),
    "awir": ("Algemene wet inkomensafhankelijke regelingen", "Dienst Toeslagen"),
    "huurtoeslag": ("Wet op de huurtoeslag", "Dienst Toeslagen"),
    "zorgtoeslag": ("Wet op de zorgtoeslag", "Dienst Toeslagen"),
    "kindgebonden_budget": ("Wet op het kindgebonden budget", "Dienst Toeslagen"),
    "kinderbijslag": ("Algemene Kinderbijslagwet", "SVB"),
    "inkomstenbelasting": ("Wet inkomstenbelasting 2001", "Belastingdienst"),
    "zvw": ("Zorgverzekeringswet", "Belastingdienst"),
    "wml": ("Wet minimumloon en minimumvakantiebijslag", "SZW (Staatscourant)"),
    "algemeen": ("Burgerlijk Wetboek", "-"),
    "gemeenten": ("Gemeentelijke regelingen (CVDR)", "Gemeente Amsterdam"),
    "niet_gebruik": ("Take-up model (an assumption, not law)", "this project (docs/takeup.md)"),
}


def act_of(name: str) -> tuple[str, str]:
    return ACTS.get(name.split(".", 1)[0], ("other", "-"))


def _as_date(value, name: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise ValueError(f"parameter '{name}': metadata.{LAST_VALID_KEY} '{value}' is not a date YYYY-MM-DD") from error


def _first_instant(parameter) -> str | None:
    if isinstance(parameter, Parameter):
        dated = [v.instant_str for v in parameter.values_list if v.value is not None]
        return min(dated) if dated else None
    dated = [
        v.instant_str
        for bracket in parameter.brackets
        for child in bracket.children.values()
        for v in child.values_list
        if v.value is not None
    ]
    return min(dated) if dated else None


def _reference_text(metadata: dict, parameter) -> str:
    reference = metadata.get("reference") or getattr(parameter, "reference", None) or ""
    if isinstance(reference, dict):
        parts = []
        for date, refs in sorted(reference.items(), key=lambda item: str(item[0])):
            refs = refs if isinstance(refs, list) else [refs]
            parts.append(
                f"{date}: "
                + "; ".join(str(r.get("title", r.get("href", r))) if isinstance(r, dict) else str(r) for r in refs)
            )
        return " | ".join(parts)
    if isinstance(reference, list):
        return "; ".join(str(r.get("title", r.get("href", r))) if isinstance(r, dict) else str(r) for r in reference)
    return str(reference)


def _leaves(node):
    for child in node.children.values():
        if isinstance(child, ParameterNode):
            yield from _leaves(child)
        else:
            yield child


def _is_empty_scale(value) -> bool:
    """A tax scale at an instant with no bracket left (all its values ended by coverage)."""
    thresholds = getattr(value, "thresholds", None)
    return thresholds is not None and not hasattr(value, "children") and len(thresholds) == 0


class CoveredParameterNode(ParameterNode):
    """A parameter node whose values at an instant raise :class:`NotCoveredError` for gaps."""

    def _get_at_instant(self, instant):
        return CoveredNodeAtInstant(self.name, self, instant)


class CoveredNodeAtInstant(ParameterNodeAtInstant):
    """Parameters at one instant; asking for an uncovered child raises NotCoveredError."""

    def __init__(self, name, node, instant_str) -> None:
        super().__init__(name, node, instant_str)
        self._coverage = getattr(node, "_coverage", {})
        # a scale whose every bracket ended at this instant is not covered: calc() on it would silently give 0
        for key in [k for k, child in self._children.items() if _is_empty_scale(child) and k in self._coverage]:
            del self._children[key]
            delattr(self, key)

    def _not_covered(self, key):
        if key in self._coverage:
            first, last = self._coverage[key]
            full = f"{self._name}.{key}" if self._name else key
            return NotCoveredError(full, self._instant_str, first, last)
        return None

    def __getattr__(self, key):
        if not key.startswith("_"):
            error = self._not_covered(key)
            if error is not None:
                raise error
        return super().__getattr__(key)

    def __getitem__(self, key):
        if isinstance(key, numpy.ndarray):
            for wanted in numpy.unique(key):
                wanted = wanted.name if hasattr(wanted, "name") else str(wanted)
                if wanted not in self._children:
                    error = self._not_covered(wanted)
                    if error is not None:
                        raise error
            return super().__getitem__(key)
        if key not in self._children:
            error = self._not_covered(key)
            if error is not None:
                raise error
        return super().__getitem__(key)


def apply_coverage(root: ParameterNode) -> list[Coverage]:
    """End every parameter after its ``last_value_still_valid_on`` date; return the coverage table.

    Raises ``ValueError`` naming the parameter when the date is missing: a number without the
    date up to which it was checked is not accepted into the law.
    """
    table: list[Coverage] = []

    def visit(node: ParameterNode) -> None:
        node.__class__ = CoveredParameterNode
        node._coverage = {}
        for key, child in node.children.items():
            if isinstance(child, ParameterNode):
                visit(child)
                continue
            row = _cover(child)
            node._coverage[key] = (row.first, row.last)
            table.append(row)

    visit(root)
    return sorted(table, key=lambda c: c.name)


def _check_metadata(child) -> None:
    """A parameter (or scale) needs the date its last value was checked, a reference and (not a scale) a unit."""
    metadata = child.metadata
    if LAST_VALID_KEY not in metadata:
        raise ValueError(
            f"parameter '{child.name}' has no metadata.{LAST_VALID_KEY}: "
            "say up to which date its last value was checked"
        )
    for required in ("reference", "unit"):
        if required == "unit" and isinstance(child, ParameterScale):
            continue
        if not metadata.get(required):
            raise ValueError(f"parameter '{child.name}' has no metadata.{required}")


def _cover(child) -> Coverage:
    """End one parameter (or every leaf of a scale) after its checked date; its row of the coverage table."""
    _check_metadata(child)
    metadata = child.metadata
    last = _as_date(metadata[LAST_VALID_KEY], child.name)
    end = (last + datetime.timedelta(days=1)).isoformat()
    if isinstance(child, Parameter):
        _end_parameter(child, end)
    else:
        for bracket in child.brackets:
            for leaf in bracket.children.values():
                _end_parameter(leaf, end)
    return Coverage(
        name=child.name,
        first=_first_instant(child),
        last=last.isoformat(),
        unit=metadata.get("unit"),
        reference=_reference_text(metadata, child),
        disagreement=metadata.get("sources_disagree"),
        description=getattr(child, "description", None) or "",
        href=_reference_href(metadata, child),
    )


def _reference_href(metadata: dict, parameter) -> str | None:
    """The URL of the parameter's current source: its own reference, else that of its latest dated value."""
    for reference in (metadata.get("reference"), *_value_references(parameter)):
        refs = reference if isinstance(reference, list) else [reference]
        for ref in refs:
            if isinstance(ref, dict) and ref.get("href"):
                return str(ref["href"])
            if isinstance(ref, str) and ref.startswith("http"):
                return ref
    return None


def _value_references(parameter):
    if not isinstance(parameter, Parameter):
        return []
    return [(v.metadata or {}).get("reference") for v in parameter.values_list if getattr(v, "metadata", None)]


def due(rows, before: datetime.date) -> list:
    """The rows whose checked date ends before ``before``: what must be looked up again (with their sources)."""
    return sorted(
        (r for r in rows if r.last and datetime.date.fromisoformat(r.last) < before), key=lambda r: (r.act, r.name)
    )


def _end_parameter(parameter: Parameter, end: str) -> None:
    later = [v for v in parameter.values_list if v.instant_str >= end]
    if any(v.value is not None for v in later):
        raise ValueError(
            f"parameter '{parameter.name}' has a value after its {LAST_VALID_KEY} date ({end}); move that date forward"
        )
    kept = [v for v in parameter.values_list if v.instant_str < end]
    stop = ParameterAtInstant(parameter.name, end, data={"value": None})
    parameter.values_list = [stop, *kept]


def describe(error: NotCoveredError) -> str:
    """The one wording of a not-covered value: ``parameter P (verified up to D)``, ``(first verified value from D)`` or
    ``(no verified value on D)`` for a gap inside the series."""
    on = str(error.instant_str)
    if error.first_covered and on < error.first_covered:
        known = f"first verified value from {error.first_covered}"
    elif error.last_covered and on > error.last_covered:
        known = f"verified up to {error.last_covered}"
    else:
        known = f"no verified value on {on}"
    return f"parameter {error.parameter} ({known})"


def not_covered_text(error: NotCoveredError) -> str:
    """What a door shows in place of a value that needs an uncovered parameter: ``not covered: parameter P (...)``."""
    return f"not covered: {describe(error)}"
