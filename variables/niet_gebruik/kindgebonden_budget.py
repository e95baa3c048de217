"""Take-up of kindgebonden budget: the claim, its probability and what is received (entitlement versus receipt).

The take-up model is described in ``docs/takeup.md``. In the household calculator ``niet_gebruik.model.actief`` is
false and every unit claims, so ``kindgebonden_budget_ontvangen`` equals the entitlement ``kindgebonden_budget``. A
population run sets the
model active, its seed and the calibrated intercept ``niet_gebruik.model.intercept.kindgebonden_budget`` as a
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


class kindgebonden_budget_ambtshalve(Variable):
    value_type = bool
    default_value = False
    entity = Gezin
    definition_period = MONTH
    label = (
        "Kindgebonden budget wordt ambtshalve (zonder aanvraag) toegekend op grond van gegevens die de overheid heeft"
    )
    documentation = "Filled by automatic-grant reforms in a population run (registered income); false otherwise."


class kindgebonden_budget_niet_gebruik_kenmerken(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Bijdrage van de kenmerken van de eenheid aan de log-odds van niet-gebruik van kindgebonden budget"

    def formula(unit, period, parameters):
        eigen = scheme_shift(unit, period, parameters, "kindgebonden_budget", monthly=True, in_kind=False)
        return unit("niet_gebruik_kenmerken", period) + eigen


class kindgebonden_budget_niet_gebruik_determinanten(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Log-odds-verschuiving van niet-gebruik van kindgebonden budget (alle determinanten)"
    documentation = (
        "Plus the bijstandsontvanger determinant: receiving bijstand lowers non-take-up of the other schemes."
    )

    def formula(unit, period, parameters):
        ontvanger = parameters(period.start).niet_gebruik.determinanten.bijstandsontvanger
        return unit("kindgebonden_budget_niet_gebruik_kenmerken", period) + ontvanger * unit(
            "ontvangt_bijstand", period
        )


class kindgebonden_budget_gebruiksneiging(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = (
        "Neiging om kindgebonden budget aan te vragen: logit(trekking) min de determinanten; aanvraag als >= intercept"
    )

    def formula(unit, period, parameters):
        trekking = takeup_draw(unit, period, parameters, "kindgebonden_budget")
        return takeup_propensity(trekking, unit("kindgebonden_budget_niet_gebruik_determinanten", period))


class kindgebonden_budget_kans_niet_gebruik(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Kans dat de eenheid kindgebonden budget niet aanvraagt als zij er recht op heeft (het take-up-model)"

    def formula(unit, period, parameters):
        intercept = parameters(period.start).niet_gebruik.model.intercept.kindgebonden_budget
        return not_claiming_probability(intercept, unit("kindgebonden_budget_niet_gebruik_determinanten", period))


class neemt_kindgebonden_budget_op(Variable):
    value_type = bool
    default_value = True
    entity = Gezin
    definition_period = YEAR
    label = "Vraagt kindgebonden budget aan in het jaar; in de huishoudcalculator altijd (het recht)"

    def formula(unit, period, parameters):
        return claims(unit, period, parameters, "kindgebonden_budget")


class kindgebonden_budget_ontvangen(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Kindgebonden budget ontvangen: het recht, als het wordt aangevraagd of ambtshalve wordt toegekend"
    unit = "currency-EUR"

    def formula(unit, period, parameters):
        return receipt(unit, period, "kindgebonden_budget")
