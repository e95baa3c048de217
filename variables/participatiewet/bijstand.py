"""Algemene bijstand (art. 19 Pw): the norm minus the middelen, split by who executes it."""

import numpy
from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin
from openfisca_amsterdam.formula_helpers import round_cents

PW = "https://wetten.overheid.nl/BWBR0015703/2026-01-01"


class algemene_bijstand(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Algemene bijstand per maand (gemeente of SVB): norm min middelen, nooit negatief"
    unit = "currency-EUR"
    reference = f"{PW}#Hoofdstuk3_Paragraaf3.1_Artikel19"
    documentation = "0 when nobody in the gezin has a right (art. 13) or the asset test fails (art. 34)."

    def formula(gezin, period, parameters):
        tekort = gezin("bijstandsnorm", period) - gezin("bijstand_middelen", period)
        recht = gezin("voldoet_aan_vermogenstoets_bijstand", period)
        return numpy.where(recht, round_cents(numpy.maximum(tekort, 0)), 0)


class bijstand(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Algemene bijstand van de gemeente per maand (Participatiewet), incl. vakantietoeslag"
    unit = "currency-EUR"
    reference = f"{PW}#Hoofdstuk3_Paragraaf3.1_Artikel19"
    documentation = (
        "Entitlement (not receipt). 0 for a gezin in which a volwassene has reached AOW age: the SVB "
        "serves it with the aanvullende inkomensvoorziening ouderen (art. 47a Pw), see aio."
    )

    def formula(gezin, period, parameters):
        return numpy.where(gezin("is_pensioengerechtigd_gezin", period), 0, gezin("algemene_bijstand", period))
