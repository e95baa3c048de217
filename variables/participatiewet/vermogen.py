"""The asset test of the Participatiewet (art. 34 and 50 Pw)."""

import numpy
from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin
from openfisca_amsterdam.formula_helpers import where_needed

PW = "https://wetten.overheid.nl/BWBR0015703/2026-01-01#Hoofdstuk3_Paragraaf3.4_Artikel34"


class bijstand_vermogen(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Vermogen van het gezin dat de bijstand meetelt (art. 34 lid 1-2 Pw), op 1 januari"
    unit = "currency-EUR"
    reference = PW
    documentation = "vermogen minus eigen_woning_vermogen of every gezin member, on 1 January of the month's year."

    def formula(gezin, period, parameters):
        jaar = period.this_year
        telt = gezin.members("vermogen", jaar) - gezin.members("eigen_woning_vermogen", jaar)
        return gezin.sum(telt)


class vermogensgrens_bijstand(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Vermogensgrens (art. 34 lid 3 Pw): alleenstaande, of alleenstaande ouder en gehuwden"
    unit = "currency-EUR"
    reference = PW

    def formula(gezin, period, parameters):
        grens = parameters(period).participatiewet.vermogensgrens
        alleen = (gezin("aantal_volwassenen", period) == 1) & ~gezin("heeft_kinderen", period)
        return numpy.where(alleen, grens.alleenstaande, grens.gezin)


class voldoet_aan_vermogenstoets_bijstand(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = "Het vermogen is niet hoger dan de vermogensgrens (art. 34 lid 3 Pw)"
    reference = PW

    def formula(gezin, period, parameters):
        return gezin("bijstand_vermogen", period) <= gezin("vermogensgrens_bijstand", period)


class bijstand_als_geldlening(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = (
        "Bijstand wordt als geldlening verstrekt omdat het vermogen in de eigen woning de vrijlating overschrijdt "
        "(art. 50 lid 1 Pw)"
    )
    reference = "https://wetten.overheid.nl/BWBR0015703/2026-01-01#Hoofdstuk6_Paragraaf6.1_Artikel50"

    def formula(gezin, period, parameters):
        woning = gezin.sum(gezin.members("eigen_woning_vermogen", period.this_year))
        return where_needed(
            woning > 0,
            lambda: woning > parameters(period).participatiewet.vermogensgrens.eigen_woning,
            default=False,
        ).astype(bool)
