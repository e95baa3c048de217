"""Een gemeentelijk bedrag: merge Amsterdam's money schemes into one monthly cash amount per gezin in the minima
target group.

The Kindtegoed, scholierenvergoeding, individuele inkomenstoeslag, the contribution to the collectieve
zorgverzekering, the Rtm and the jongerentoeslag are abolished; instead every Amsterdam gezin in the general
target group (130%, or debt counselling) receives ``hervormingen.een_gemeentelijk_bedrag.bedrag_per_maand``. The
amount is a SCENARIO choice, not law: its default is a round figure to be set by the analyst
(``--reform-param hervormingen.een_gemeentelijk_bedrag.bedrag_per_maand=...``). Its non-take-up is a parameter too
(``niet_gebruik.gemeentelijk_bedrag``), by default that of the Stadspas (the same target group and channel).
"""

from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin

NAME = "een_gemeentelijk_bedrag"
DESCRIPTION = "Replace Amsterdam's money schemes by one monthly amount per gezin in the minima target group (amount and take-up are scenario parameters)"
BURDEN = "one application instead of six (Kindtegoed, scholierenvergoeding, IIT, zorgverzekering, Rtm, jongerentoeslag): five fewer"
STEPS_REMOVED = 5
ABOLISHED = ("stadspas_kindtegoed", "scholierenvergoeding", "individuele_inkomenstoeslag", "collectieve_zorgverzekering_bijdrage",
             "collectieve_zorgverzekering_per_jaar", "tegemoetkoming_meerkosten", "jongerentoeslag", "jongerentoeslag_per_jaar")


def _nul(gezin, period, parameters):
    return gezin.filled_array(0.0)


class gemeentelijk_bedrag(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Een gemeentelijk bedrag per maand voor Amsterdamse gezinnen in de minimadoelgroep (hervorming een_gemeentelijk_bedrag)"
    unit = "currency-EUR"

    def formula(gezin, period, parameters):
        p = parameters(period).hervormingen.een_gemeentelijk_bedrag
        doelgroep = gezin("gezin_woont_in_amsterdam", period) & gezin("amsterdam_minima_doelgroep", period)
        return doelgroep * p.bedrag_per_maand * p.in_effect


VARIABLES = {name: _nul for name in ABOLISHED}
VARIABLES["gemeentelijk_bedrag"] = gemeentelijk_bedrag


def _scenario(description, value, unit):
    return {"description": description, "values": {"2000-01-01": {"value": value}},
            "metadata": {"unit": unit, "last_value_still_valid_on": "2026-12-31",
                         "reference": [{"title": "Scenario choice of reforms/een_gemeentelijk_bedrag.py (not law)",
                                        "href": "https://github.com/openfisca-amsterdam"}]}}


#: Scenario parameters (not law): the amount (a round default of EUR 50 a month, to be set by the analyst) and the
#: non-take-up of the single amount (default: the Stadspas's 27%, O&S Amsterdam: same target group, same channel).
EXTRA_PARAMETERS = {
    "hervormingen.een_gemeentelijk_bedrag.bedrag_per_maand": _scenario("Bedrag per maand per gezin (scenario)", 50.0, "currency-EUR"),
    "niet_gebruik.gemeentelijk_bedrag.basis": _scenario("Niet-gebruik van het gemeentelijk bedrag (scenario; standaard dat van de Stadspas)", 0.27, "/1"),
    "niet_gebruik.gemeentelijk_bedrag.laag": _scenario("Niet-gebruik gemeentelijk bedrag, ondergrens (scenario)", 0.11, "/1"),
    "niet_gebruik.gemeentelijk_bedrag.hoog": _scenario("Niet-gebruik gemeentelijk bedrag, bovengrens (scenario)", 0.34, "/1"),
}
