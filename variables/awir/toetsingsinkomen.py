"""The AWIR toetsingsinkomen (art. 8 AWIR) and the bijstand/AIO that enter it (grossed up: bruto_bijstand_en_aio)."""

import numpy
from openfisca_core.model_api import YEAR, Variable

from openfisca_amsterdam.entities import Gezin, Persoon
from openfisca_amsterdam.formula_helpers import months_of

AWIR_ART8 = "https://wetten.overheid.nl/BWBR0018472/2026-01-01#Hoofdstuk2_Paragraaf2.2_Artikel8"


def _gezin_per_volwassene(persoon, period, namen):
    """The gezin's yearly total of the given monthly variables, split equally over its volwassenen (0 for a kind)."""
    totaal = sum(persoon.gezin(naam, maand) for maand in months_of(period) for naam in namen)
    aantal = numpy.maximum(persoon.gezin("aantal_volwassenen", period.last_month), 1)
    return numpy.where(persoon.has_role(Gezin.VOLWASSENE), totaal / aantal, 0)


class bijstand_en_aio_per_jaar(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Netto bijstand en AIO van het gezin in het jaar, gelijk verdeeld over de volwassenen"
    unit = "currency-EUR"
    documentation = "The gezin's bijstand + aio over the twelve months, divided by its volwassenen; 0 for a kind."

    def formula(persoon, period, parameters):
        return _gezin_per_volwassene(persoon, period, ("bijstand", "aio"))


class aio_per_jaar(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Netto AIO van het gezin in het jaar, gelijk verdeeld over de volwassenen"
    unit = "currency-EUR"

    def formula(persoon, period, parameters):
        return _gezin_per_volwassene(persoon, period, ("aio",))


class toetsingsinkomen(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = (
        "Toetsingsinkomen (art. 8 AWIR): verzamelinkomen, hier het bruto box-1-inkomen met de gebruteerde bijstand/AIO"
    )
    unit = "currency-EUR"
    reference = AWIR_ART8
    documentation = (
        "max(bruto_jaarinkomen_box1, 0) + bruto_bijstand_en_aio. An input overrides it. Simplified: no box 2 and 3, "
        "no deductions (aftrekposten, persoonsgebonden aftrek, ondernemersaftrek), other benefits (WW, WIA...) "
        "only as far as they are entered as bruto_loon; the gross-up approximates the loonheffing of the gemeente "
        "or SVB. The bijstand is read per month for the whole year, so a month whose bijstand is not covered makes "
        "the year not covered."
    )

    def formula(persoon, period, parameters):
        return numpy.maximum(persoon("bruto_jaarinkomen_box1", period), 0) + persoon("bruto_bijstand_en_aio", period)
