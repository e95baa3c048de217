"""The tax-benefit systems of a population run, cached per process: one per reform combination and parametric
change (:func:`system_for`), and the same with the take-up model active as a parametric reform
(:func:`takeup_system`, :func:`takeup_parameters`)."""

from __future__ import annotations

import functools

#: The variables through which the take-up model enters the rules: everything that reads one of them is recomputed
#: when the take-up variant changes.
MODEL_READERS = ("neemt_{}_op", "{}_gebruiksneiging", "{}_kans_niet_gebruik")


def system_for(reform_key: tuple = (), parameters: tuple = ()):
    """The tax-benefit system (one per process, reform combination and parametric change).

    ``parameters``: ((path, "YYYY-MM-DD", value), ...) applied last, validated. Each reform is applied on the system
    of the reforms before it, so the variables a reform leaves alone are the same objects as in its baseline (what
    :mod:`.incremental` compares).
    """
    return _system_for(tuple(reform_key), tuple(parameters))


@functools.lru_cache(maxsize=64)
def _system_for(reform_key: tuple, parameters: tuple):
    from openfisca_amsterdam import CountryTaxBenefitSystem
    from openfisca_amsterdam.reforms_registry import apply_reforms

    if parameters:
        changes: dict = {}
        for path, date, value in parameters:
            changes.setdefault(path, {})[date] = value
        return apply_reforms(system_for(reform_key, ()), [], changes)
    if not reform_key:
        return CountryTaxBenefitSystem()
    return apply_reforms(system_for(reform_key[:-1], ()), [reform_key[-1]])


@functools.lru_cache(maxsize=64)
def takeup_system(reform_key: tuple, parameters: tuple, takeup: tuple):
    """``system_for(reform_key, parameters)`` with the take-up model active: ``takeup`` = ((path, value), ...)."""
    from openfisca_amsterdam.reforms_registry import parametric_reform

    base = system_for(reform_key, parameters)
    return parametric_reform(base, {path: {"2000-01-01": value} for path, value in takeup}, name="takeup")


def takeup_parameters(seed: int, intercepts: dict) -> tuple:
    """The parametric reform that sets the take-up model of a population run: active, seed, intercepts."""
    items = [("niet_gebruik.model.actief", True), ("niet_gebruik.model.seed", int(seed))]
    items += [(f"niet_gebruik.model.intercept.{name}", float(alpha)) for name, alpha in sorted(intercepts.items())]
    return tuple(items)
