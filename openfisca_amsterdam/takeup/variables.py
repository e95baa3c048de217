"""Entitlement versus receipt: for every scheme in the take-up registry, the claim and what is received.

For scheme X (``openfisca_amsterdam/takeup/schemes.py``):

* ``neemt_X_op`` (input, YEAR, default true): the unit claims X in that year. In the household calculator
  everybody claims, so ``X_ontvangen`` equals the entitlement. In a population run the take-up layer sets it
  from seeded draws (``openfisca_amsterdam/takeup``).
* ``X_ambtshalve`` (input, as X's period, default false): the government identifies the unit from data it holds
  (registered income) and grants X without an application. Automatic-grant reforms fill it in a population run.
* ``X_ontvangen``: what is paid: the entitlement X when the unit claims it, gets it without a claim under current
  policy (the scheme's ``automatic`` variable, e.g. ``stadspas_automatisch``) or is granted it ``ambtshalve``, else 0.
  A scheme in kind (the Stadspas) granted ambtshalve is received even without entitlement under the current test
  (the city sends the pass); a money scheme pays the entitlement (an advance granted ambtshalve to a unit that turns
  out not to be entitled is recovered: the analysis counts such units as wrongly granted).

One factory, not a class written out per scheme, so every scheme follows exactly the same rule.
``system.py`` adds these variables after loading ``variables/`` (OpenFisca's directory loader only
takes classes written out in a file).
"""

import numpy
from openfisca_core.model_api import MONTH, YEAR, Variable

from openfisca_amsterdam.entities import Gezin, Huishouden
from openfisca_amsterdam.takeup.schemes import SCHEMES

_ENTITY = {"gezin": Gezin, "huishouden": Huishouden}


def _claim_variable(scheme):
    return type(scheme.claim, (Variable,), {
        "value_type": bool,
        "default_value": True,
        "entity": _ENTITY[scheme.entity],
        "definition_period": YEAR,
        "label": f"Vraagt {scheme.name} aan in het jaar (neemt de regeling op); standaard ja: het recht",
        "documentation": "Set by the take-up model in a population run; true in the household calculator.",
    })


def _ambtshalve_variable(scheme):
    return type(scheme.ambtshalve, (Variable,), {
        "value_type": bool,
        "default_value": False,
        "entity": _ENTITY[scheme.entity],
        "definition_period": MONTH if scheme.period == "month" else YEAR,
        "label": f"{scheme.name} wordt ambtshalve (zonder aanvraag) toegekend op grond van gegevens die de overheid heeft",
        "documentation": "Filled by automatic-grant reforms in a population run (registered income); false otherwise.",
    })


def _receipt_variable(scheme):
    def formula(unit, period, parameters):
        claims = unit(scheme.claim, period.this_year)
        if scheme.automatic:
            claims = claims | unit(scheme.automatic, period)
        ambtshalve = unit(scheme.ambtshalve, period)
        value = unit(scheme.name, period)
        if scheme.in_kind:
            return (value & claims) | ambtshalve
        return numpy.where(claims | ambtshalve, value, 0)

    return type(scheme.receipt, (Variable,), {
        "value_type": bool if scheme.in_kind else float,
        "entity": _ENTITY[scheme.entity],
        "definition_period": MONTH if scheme.period == "month" else YEAR,
        "label": f"{scheme.name} ontvangen: het recht, als het wordt aangevraagd of ambtshalve wordt toegekend",
        "unit": None if scheme.in_kind else "currency-EUR",
        "formula": formula,
    })


def takeup_variables(present=None) -> list:
    """The claim, ambtshalve and receipt variable classes of the registry's schemes whose entitlement is in
    ``present`` (the names of a system's variables; default: every non-optional scheme)."""
    schemes = [s for s in SCHEMES if (s.name in present if present is not None else not s.optional)]
    return [make(scheme) for scheme in schemes for make in (_claim_variable, _ambtshalve_variable, _receipt_variable)]
