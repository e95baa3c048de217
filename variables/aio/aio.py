"""Aanvullende inkomensvoorziening ouderen (AIO): bijstand for AOW-age gezinnen, executed by the SVB."""

import numpy
from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin


class aio(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Aanvullende inkomensvoorziening ouderen per maand (SVB), incl. vakantietoeslag"
    unit = "currency-EUR"
    reference = "https://wetten.overheid.nl/BWBR0015703/2026-01-01#Hoofdstuk5_Paragraaf5.4_Artikel47a"
    documentation = (
        "For a gezin in which at least one volwassene has reached AOW age (art. 47a Pw): the art. 22 norm "
        "(after the kostendelersnorm with B = the art. 22 onder b norm) minus the gezin's middelen, "
        "including the net (partial) AOW; same asset test as bijstand (art. 34). Entitlement, not receipt."
    )

    def formula(gezin, period, parameters):
        return numpy.where(gezin("is_pensioengerechtigd_gezin", period), gezin("algemene_bijstand", period), 0)
