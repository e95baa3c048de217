"""Take-up of algemene bijstand: the claim, its probability and what is received (entitlement versus receipt).

The take-up model is described in ``docs/takeup.md``. In the household calculator ``niet_gebruik.model.actief`` is
false and every unit claims, so ``bijstand_ontvangen`` equals the entitlement ``bijstand``. A population run sets the
model active, its seed and the calibrated intercept ``niet_gebruik.model.intercept.bijstand`` as a parametric reform.
"""

from openfisca_core.model_api import MONTH, YEAR, Variable

from openfisca_amsterdam.entities import Gezin
from openfisca_amsterdam.formula_helpers import (
    claims,
    not_claiming_probability,
    receipt,
    scheme_shift,
    takeup_draw,
    takeup_propensity,
)


class bijstand_ambtshalve(Variable):
    value_type = bool
    default_value = False
    entity = Gezin
    definition_period = MONTH
    label = "Algemene bijstand wordt ambtshalve (zonder aanvraag) toegekend op grond van gegevens die de overheid heeft"
    documentation = "Filled by automatic-grant reforms in a population run (registered income); false otherwise."


class bijstand_niet_gebruik_kenmerken(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Bijdrage van de kenmerken van de eenheid aan de log-odds van niet-gebruik van algemene bijstand"

    def formula(unit, period, parameters):
        eigen = scheme_shift(unit, period, parameters, "bijstand", monthly=True, in_kind=False)
        return unit("niet_gebruik_kenmerken", period) + eigen


class bijstand_niet_gebruik_determinanten(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Log-odds-verschuiving van niet-gebruik van algemene bijstand (alle determinanten)"
    documentation = "Stage 0: bijstand and AIO are drawn first; their determinants do not depend on other claims."

    def formula(unit, period, parameters):
        return unit("bijstand_niet_gebruik_kenmerken", period)


class bijstand_gebruiksneiging(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = (
        "Neiging om algemene bijstand aan te vragen: logit(trekking) min de determinanten; aanvraag als >= intercept"
    )

    def formula(unit, period, parameters):
        trekking = takeup_draw(unit, period, parameters, "bijstand")
        return takeup_propensity(trekking, unit("bijstand_niet_gebruik_determinanten", period))


class bijstand_kans_niet_gebruik(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Kans dat de eenheid algemene bijstand niet aanvraagt als zij er recht op heeft (het take-up-model)"

    def formula(unit, period, parameters):
        intercept = parameters(period.start).niet_gebruik.model.intercept.bijstand
        return not_claiming_probability(intercept, unit("bijstand_niet_gebruik_determinanten", period))


class neemt_bijstand_op(Variable):
    value_type = bool
    default_value = True
    entity = Gezin
    definition_period = YEAR
    label = "Vraagt algemene bijstand aan in het jaar; in de huishoudcalculator altijd (het recht)"

    def formula(unit, period, parameters):
        return claims(unit, period, parameters, "bijstand")


class bijstand_ontvangen(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Algemene bijstand ontvangen: het recht, als het wordt aangevraagd of ambtshalve wordt toegekend"
    unit = "currency-EUR"

    def formula(unit, period, parameters):
        return receipt(unit, period, "bijstand")
