"""Take-up of de collectieve zorgverzekering: the claim, its probability and what is received (entitlement versus
receipt).

The take-up model is described in ``docs/takeup.md``. In the household calculator ``niet_gebruik.model.actief`` is
false and every unit claims, so ``collectieve_zorgverzekering_ontvangen`` equals the entitlement
``collectieve_zorgverzekering``. A population run sets the
model active, its seed and the calibrated intercept ``niet_gebruik.model.intercept.collectieve_zorgverzekering`` as a
parametric reform.
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


class collectieve_zorgverzekering_ambtshalve(Variable):
    value_type = bool
    default_value = False
    entity = Gezin
    definition_period = MONTH
    label = (
        "De collectieve zorgverzekering wordt ambtshalve (zonder aanvraag) toegekend op grond van gegevens die de "
        "overheid heeft"
    )
    documentation = "Filled by automatic-grant reforms in a population run (registered income); false otherwise."


class collectieve_zorgverzekering_niet_gebruik_kenmerken(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = (
        "Bijdrage van de kenmerken van de eenheid aan de log-odds van niet-gebruik van de collectieve zorgverzekering"
    )

    def formula(unit, period, parameters):
        eigen = scheme_shift(unit, period, parameters, "collectieve_zorgverzekering", monthly=True, in_kind=True)
        return unit("niet_gebruik_kenmerken", period) + eigen


class collectieve_zorgverzekering_niet_gebruik_determinanten(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Log-odds-verschuiving van niet-gebruik van de collectieve zorgverzekering (alle determinanten)"
    documentation = (
        "Plus the bijstandsontvanger determinant: receiving bijstand lowers non-take-up of the other schemes."
    )

    def formula(unit, period, parameters):
        ontvanger = parameters(period.start).niet_gebruik.determinanten.bijstandsontvanger
        return unit("collectieve_zorgverzekering_niet_gebruik_kenmerken", period) + ontvanger * unit(
            "ontvangt_bijstand", period
        )


class collectieve_zorgverzekering_gebruiksneiging(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = (
        "Neiging om de collectieve zorgverzekering aan te vragen: logit(trekking) min de determinanten; aanvraag als "
        ">= intercept"
    )

    def formula(unit, period, parameters):
        trekking = takeup_draw(unit, period, parameters, "collectieve_zorgverzekering")
        return takeup_propensity(trekking, unit("collectieve_zorgverzekering_niet_gebruik_determinanten", period))


class collectieve_zorgverzekering_kans_niet_gebruik(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = (
        "Kans dat de eenheid de collectieve zorgverzekering niet aanvraagt als zij er recht op heeft (het "
        "take-up-model)"
    )

    def formula(unit, period, parameters):
        intercept = parameters(period.start).niet_gebruik.model.intercept.collectieve_zorgverzekering
        return not_claiming_probability(
            intercept, unit("collectieve_zorgverzekering_niet_gebruik_determinanten", period)
        )


class neemt_collectieve_zorgverzekering_op(Variable):
    value_type = bool
    default_value = True
    entity = Gezin
    definition_period = YEAR
    label = "Vraagt de collectieve zorgverzekering aan in het jaar; in de huishoudcalculator altijd (het recht)"

    def formula(unit, period, parameters):
        return claims(unit, period, parameters, "collectieve_zorgverzekering")


class collectieve_zorgverzekering_ontvangen(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = (
        "De collectieve zorgverzekering ontvangen: het recht, als het wordt aangevraagd of ambtshalve wordt toegekend"
    )

    def formula(unit, period, parameters):
        return receipt(unit, period, "collectieve_zorgverzekering", in_kind=True)
