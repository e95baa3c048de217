"""Entitlement versus receipt: for every scheme in the take-up registry, the claim and what is received.

For scheme X (``openfisca_amsterdam/takeup/schemes.py``):

* ``neemt_X_op`` (input, YEAR, default true): the unit claims X in that year. In the household calculator
  everybody claims, so ``X_ontvangen`` equals the entitlement. In a population run the take-up layer sets it
  from seeded draws (``openfisca_amsterdam/takeup``).
* ``X_ontvangen``: what is paid: the entitlement X when the unit claims it or gets it without a claim
  (the scheme's ``automatic`` variable, e.g. ``stadspas_automatisch``), else 0 (false).

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


def _receipt_variable(scheme):
    def formula(unit, period, parameters):
        claims = unit(scheme.claim, period.this_year)
        if scheme.automatic:
            claims = claims | unit(scheme.automatic, period)
        value = unit(scheme.name, period)
        return value & claims if scheme.in_kind else numpy.where(claims, value, 0)

    return type(scheme.receipt, (Variable,), {
        "value_type": bool if scheme.in_kind else float,
        "entity": _ENTITY[scheme.entity],
        "definition_period": MONTH if scheme.period == "month" else YEAR,
        "label": f"{scheme.name} ontvangen: het recht, als het wordt aangevraagd of ambtshalve wordt toegekend",
        "unit": None if scheme.in_kind else "currency-EUR",
        "formula": formula,
    })


def takeup_variables() -> list:
    """The claim and receipt variable classes of every scheme in the registry."""
    return [make(scheme) for scheme in SCHEMES for make in (_claim_variable, _receipt_variable)]
