"""Take-up of huurtoeslag: the claim, its probability and what is received (entitlement versus receipt).

The take-up model is described in ``docs/takeup.md``. In the household calculator ``niet_gebruik.model.actief`` is
false and every unit claims, so ``huurtoeslag_ontvangen`` equals the entitlement ``huurtoeslag``. A population run
sets the
model active, its seed and the calibrated intercept ``niet_gebruik.model.intercept.huurtoeslag`` as a parametric reform.
"""

from openfisca_core.model_api import MONTH, YEAR, Variable

from openfisca_amsterdam.entities import Huishouden
from openfisca_amsterdam.formula_helpers import (
    claims,
    not_claiming_probability,
    receipt,
    scheme_shift,
    takeup_draw,
    takeup_propensity,
)


class huurtoeslag_ambtshalve(Variable):
    value_type = bool
    default_value = False
    entity = Huishouden
    definition_period = MONTH
    label = "Huurtoeslag wordt ambtshalve (zonder aanvraag) toegekend op grond van gegevens die de overheid heeft"
    documentation = "Filled by automatic-grant reforms in a population run (registered income); false otherwise."


class huurtoeslag_niet_gebruik_kenmerken(Variable):
    value_type = float
    entity = Huishouden
    definition_period = YEAR
    label = "Bijdrage van de kenmerken van de eenheid aan de log-odds van niet-gebruik van huurtoeslag"

    def formula(unit, period, parameters):
        eigen = scheme_shift(unit, period, parameters, "huurtoeslag", monthly=True, in_kind=False)
        return unit("huishouden_niet_gebruik_kenmerken", period) + eigen


class huurtoeslag_niet_gebruik_determinanten(Variable):
    value_type = float
    entity = Huishouden
    definition_period = YEAR
    label = "Log-odds-verschuiving van niet-gebruik van huurtoeslag (alle determinanten)"
    documentation = (
        "Plus the bijstandsontvanger determinant: receiving bijstand lowers non-take-up of the other schemes."
    )

    def formula(unit, period, parameters):
        ontvanger = parameters(period.start).niet_gebruik.determinanten.bijstandsontvanger
        return unit("huurtoeslag_niet_gebruik_kenmerken", period) + ontvanger * unit(
            "huishouden_ontvangt_bijstand", period
        )


class huurtoeslag_gebruiksneiging(Variable):
    value_type = float
    entity = Huishouden
    definition_period = YEAR
    label = "Neiging om huurtoeslag aan te vragen: logit(trekking) min de determinanten; aanvraag als >= intercept"

    def formula(unit, period, parameters):
        trekking = takeup_draw(unit, period, parameters, "huurtoeslag")
        return takeup_propensity(trekking, unit("huurtoeslag_niet_gebruik_determinanten", period))


class huurtoeslag_kans_niet_gebruik(Variable):
    value_type = float
    entity = Huishouden
    definition_period = YEAR
    label = "Kans dat de eenheid huurtoeslag niet aanvraagt als zij er recht op heeft (het take-up-model)"

    def formula(unit, period, parameters):
        intercept = parameters(period.start).niet_gebruik.model.intercept.huurtoeslag
        return not_claiming_probability(intercept, unit("huurtoeslag_niet_gebruik_determinanten", period))


class neemt_huurtoeslag_op(Variable):
    value_type = bool
    default_value = True
    entity = Huishouden
    definition_period = YEAR
    label = "Vraagt huurtoeslag aan in het jaar; in de huishoudcalculator altijd (het recht)"

    def formula(unit, period, parameters):
        return claims(unit, period, parameters, "huurtoeslag")


class huurtoeslag_ontvangen(Variable):
    value_type = float
    entity = Huishouden
    definition_period = MONTH
    label = "Huurtoeslag ontvangen: het recht, als het wordt aangevraagd of ambtshalve wordt toegekend"
    unit = "currency-EUR"

    def formula(unit, period, parameters):
        return receipt(unit, period, "huurtoeslag")
