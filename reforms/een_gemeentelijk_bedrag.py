"""Een gemeentelijk bedrag: merge Amsterdam's money schemes into one monthly cash amount per gezin in the minima
target group.

The Kindtegoed, scholierenvergoeding, individuele inkomenstoeslag, the contribution to the collectieve
zorgverzekering, the Rtm and the jongerentoeslag are abolished; instead every Amsterdam gezin in the general
target group (130%, or debt counselling) receives ``hervormingen.een_gemeentelijk_bedrag.bedrag_per_maand``. The
amount is a SCENARIO choice, not law: its default is a round figure to be set by the analyst
(``simulate --set hervormingen.een_gemeentelijk_bedrag.bedrag_per_maand=2025-01-01:75``). Its non-take-up is a
parameter too
(``niet_gebruik.gemeentelijk_bedrag``), by default that of the Stadspas (the same target group and channel).
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
from openfisca_amsterdam.reform_helpers import NamedReform

DESCRIPTION = (
    "Replace Amsterdam's money schemes by one monthly amount per gezin in the minima target group (amount and take-up "
    "are scenario parameters)"
)
BURDEN = (
    "one application instead of six (Kindtegoed, scholierenvergoeding, IIT, zorgverzekering, Rtm, jongerentoeslag): "
    "five fewer"
)
STEPS_REMOVED = 5
ABOLISHED = (
    "stadspas_kindtegoed",
    "scholierenvergoeding",
    "individuele_inkomenstoeslag",
    "collectieve_zorgverzekering_bijdrage",
    "collectieve_zorgverzekering_per_jaar",
    "tegemoetkoming_meerkosten",
    "jongerentoeslag",
    "jongerentoeslag_per_jaar",
)


def _nul(gezin, period, parameters):
    return gezin.filled_array(0.0)


class gemeentelijk_bedrag(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = (
        "Een gemeentelijk bedrag per maand voor Amsterdamse gezinnen in de minimadoelgroep (hervorming "
        "een_gemeentelijk_bedrag)"
    )
    unit = "currency-EUR"

    def formula(gezin, period, parameters):
        p = parameters(period).hervormingen.een_gemeentelijk_bedrag
        doelgroep = gezin("gezin_woont_in_amsterdam", period) & gezin("amsterdam_minima_doelgroep", period)
        return doelgroep * p.bedrag_per_maand * p.in_effect


# Take-up of the single amount: the same model as every scheme (variables/niet_gebruik/).
class gemeentelijk_bedrag_ambtshalve(Variable):
    value_type = bool
    default_value = False
    entity = Gezin
    definition_period = MONTH
    label = (
        "De gemeentelijk_bedrag wordt ambtshalve (zonder aanvraag) toegekend op grond van gegevens die de overheid "
        "heeft"
    )
    documentation = "Filled by automatic-grant reforms in a population run (registered income); false otherwise."


class gemeentelijk_bedrag_niet_gebruik_kenmerken(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Bijdrage van de kenmerken van de eenheid aan de log-odds van niet-gebruik van de gemeentelijk_bedrag"

    def formula(unit, period, parameters):
        eigen = scheme_shift(unit, period, parameters, "gemeentelijk_bedrag", monthly=True, in_kind=False)
        return unit("niet_gebruik_kenmerken", period) + eigen


class gemeentelijk_bedrag_niet_gebruik_determinanten(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Log-odds-verschuiving van niet-gebruik van de gemeentelijk_bedrag (alle determinanten)"
    documentation = (
        "Plus the bijstandsontvanger determinant: receiving bijstand lowers non-take-up of the other schemes."
    )

    def formula(unit, period, parameters):
        ontvanger = parameters(period.start).niet_gebruik.determinanten.bijstandsontvanger
        return unit("gemeentelijk_bedrag_niet_gebruik_kenmerken", period) + ontvanger * unit(
            "ontvangt_bijstand", period
        )


class gemeentelijk_bedrag_gebruiksneiging(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = (
        "Neiging om de gemeentelijk_bedrag aan te vragen: logit(trekking) min de determinanten; aanvraag als >= "
        "intercept"
    )

    def formula(unit, period, parameters):
        trekking = takeup_draw(unit, period, parameters, "gemeentelijk_bedrag")
        return takeup_propensity(trekking, unit("gemeentelijk_bedrag_niet_gebruik_determinanten", period))


class gemeentelijk_bedrag_kans_niet_gebruik(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Kans dat de eenheid de gemeentelijk_bedrag niet aanvraagt als zij er recht op heeft (het take-up-model)"

    def formula(unit, period, parameters):
        intercept = parameters(period.start).niet_gebruik.model.intercept.gemeentelijk_bedrag
        return not_claiming_probability(intercept, unit("gemeentelijk_bedrag_niet_gebruik_determinanten", period))


class neemt_gemeentelijk_bedrag_op(Variable):
    value_type = bool
    default_value = True
    entity = Gezin
    definition_period = YEAR
    label = "Vraagt de gemeentelijk_bedrag aan in het jaar; in de huishoudcalculator altijd (het recht)"

    def formula(unit, period, parameters):
        return claims(unit, period, parameters, "gemeentelijk_bedrag")


class gemeentelijk_bedrag_ontvangen(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "De gemeentelijk_bedrag ontvangen: het recht, als het wordt aangevraagd of ambtshalve wordt toegekend"
    unit = "currency-EUR"

    def formula(unit, period, parameters):
        return receipt(unit, period, "gemeentelijk_bedrag")


class besteedbaar_inkomen(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Besteedbaar inkomen per maand, met het ontvangen gemeentelijk bedrag (hervorming een_gemeentelijk_bedrag)"
    unit = "currency-EUR"

    def formula(gezin, period, parameters):
        ontvangen = sum(
            gezin(f"{name}_ontvangen", period)
            for name in (
                "bijstand",
                "aio",
                "zorgtoeslag",
                "kindgebonden_budget",
                "kinderbijslag",
                "gemeentelijk_bedrag",
            )
        )
        return gezin("gezin_netto_inkomen", period) + ontvangen + gezin("huurtoeslag_van_gezin", period)


VARIABLES = {name: _nul for name in ABOLISHED}
VARIABLES.update(
    {
        variable.__name__: variable
        for variable in (
            gemeentelijk_bedrag,
            gemeentelijk_bedrag_ambtshalve,
            gemeentelijk_bedrag_niet_gebruik_kenmerken,
            gemeentelijk_bedrag_niet_gebruik_determinanten,
            gemeentelijk_bedrag_gebruiksneiging,
            gemeentelijk_bedrag_kans_niet_gebruik,
            neemt_gemeentelijk_bedrag_op,
            gemeentelijk_bedrag_ontvangen,
            besteedbaar_inkomen,
        )
    }
)


def _scenario(description, value, unit):
    return {
        "description": description,
        "values": {"2000-01-01": {"value": value}},
        "metadata": {
            "unit": unit,
            "last_value_still_valid_on": "2026-12-31",
            "reference": [
                {
                    "title": "Scenario choice of reforms/een_gemeentelijk_bedrag.py (not law)",
                    "href": "https://github.com/openfisca-amsterdam",
                }
            ],
        },
    }


#: Scenario parameters (not law): the amount (a round default of EUR 50 a month, to be set by the analyst) and the
#: non-take-up of the single amount (default: the Stadspas's 27%, O&S Amsterdam: same target group, same channel).
EXTRA_PARAMETERS = {
    "hervormingen.een_gemeentelijk_bedrag.bedrag_per_maand": _scenario(
        "Bedrag per maand per gezin (scenario)", 50.0, "currency-EUR"
    ),
    "niet_gebruik.gemeentelijk_bedrag.basis": _scenario(
        "Niet-gebruik van het gemeentelijk bedrag (scenario; standaard dat van de Stadspas)", 0.27, "/1"
    ),
    "niet_gebruik.gemeentelijk_bedrag.laag": _scenario(
        "Niet-gebruik gemeentelijk bedrag, ondergrens (scenario)", 0.11, "/1"
    ),
    "niet_gebruik.gemeentelijk_bedrag.hoog": _scenario(
        "Niet-gebruik gemeentelijk bedrag, bovengrens (scenario)", 0.34, "/1"
    ),
    "niet_gebruik.model.intercept.gemeentelijk_bedrag": _scenario(
        "Intercept van niet-gebruik van het gemeentelijk bedrag (gekalibreerd per run)", 0.0, "log-odds"
    ),
}


class een_gemeentelijk_bedrag(NamedReform):
    __doc__ = __doc__
    DESCRIPTION = DESCRIPTION
    BURDEN = BURDEN
    STEPS_REMOVED = STEPS_REMOVED
    VARIABLES = VARIABLES
    EXTRA_PARAMETERS = EXTRA_PARAMETERS
