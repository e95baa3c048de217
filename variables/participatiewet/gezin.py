"""Composition of the gezin as the Participatiewet sees it (art. 4 Pw)."""

from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin


class aantal_volwassenen(Variable):
    value_type = int
    entity = Gezin
    definition_period = MONTH
    label = "Aantal volwassenen in het gezin (1 = alleenstaande of alleenstaande ouder, 2 = gehuwden)"

    def formula(gezin, period, parameters):
        return gezin.nb_persons(Gezin.VOLWASSENE)


class heeft_kinderen(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = "Het gezin heeft ten minste een minderjarig kind (art. 4 lid 1 onder b-c Pw)"

    def formula(gezin, period, parameters):
        return gezin.nb_persons(Gezin.KIND) > 0


class is_pensioengerechtigd_gezin(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = "Ten minste een volwassene heeft de pensioengerechtigde leeftijd bereikt"
    documentation = (
        "Such a gezin gets the art. 22 norms and is served by the SVB (aanvullende inkomensvoorziening "
        "ouderen, art. 47a Pw); its gemeentelijke bijstand is 0. A couple of mixed ages is one gezin: when "
        "one partner has reached AOW age, the couple norm of art. 22 onder c applies to both."
    )

    def formula(gezin, period, parameters):
        return gezin.any(gezin.members("heeft_aow_leeftijd", period), role=Gezin.VOLWASSENE)
