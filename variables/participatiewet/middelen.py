"""Middelen: the income counted against the norm (art. 31-33 Pw) and its disregards."""

import numpy
from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin, Persoon
from openfisca_amsterdam.formula_helpers import round_cents, where_needed

PW = "https://wetten.overheid.nl/BWBR0015703/2026-01-01#Hoofdstuk3_Paragraaf3.3_Artikel31"


class inkomstenvrijlating_van_toepassing(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "De vrijlating van 25% van de inkomsten uit arbeid (art. 31 lid 2 onder n Pw) geldt deze maand"
    documentation = "Input: true within the (at most 6) months of the disregard that the college grants after starting work."


class alleenstaande_ouder_vrijlating_van_toepassing(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "De aanvullende vrijlating van 12,5% voor de alleenstaande ouder (art. 31 lid 2 onder r Pw) geldt deze maand"
    documentation = "Input: true within the (at most 30) months of the disregard for a single parent with full care of a child."


class is_medisch_urenbeperkt(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Medisch urenbeperkt: de vrijlating van 15% (art. 31 lid 2 onder y Pw) geldt"


class vrijlating_arbeidsinkomsten(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Vrijgelaten inkomsten uit arbeid (art. 31 lid 2 onder n, r en y Pw)"
    unit = "currency-EUR"
    reference = PW
    documentation = (
        "The largest applicable disregard: 25% (n), 12.5% for a single parent (r) or 15% for a medically "
        "restricted person (y), each up to its monthly maximum. The disregards follow each other in time "
        "(r after n), so at most one is counted in a month."
    )

    def formula(persoon, period, parameters):
        vrijlating = parameters(period).participatiewet.inkomstenvrijlating
        arbeid = numpy.maximum(persoon("netto_arbeidsinkomen", period), 0)
        alleenstaande_ouder = persoon.gezin("aantal_volwassenen", period) == 1
        alleenstaande_ouder &= persoon.gezin("heeft_kinderen", period)
        n = where_needed(
            persoon("inkomstenvrijlating_van_toepassing", period) & (arbeid > 0),
            lambda: numpy.minimum(arbeid * vrijlating.algemeen.percentage, vrijlating.algemeen.maximum),
        )
        r = where_needed(
            persoon("alleenstaande_ouder_vrijlating_van_toepassing", period) & alleenstaande_ouder & (arbeid > 0),
            lambda: numpy.minimum(arbeid * vrijlating.alleenstaande_ouder.percentage, vrijlating.alleenstaande_ouder.maximum),
        )
        y = where_needed(
            persoon("is_medisch_urenbeperkt", period) & (arbeid > 0),
            lambda: numpy.minimum(arbeid * vrijlating.medisch_urenbeperkt.percentage, vrijlating.medisch_urenbeperkt.maximum),
        )
        return round_cents(numpy.maximum(numpy.maximum(n, r), y))


class giftenvrijlating_per_jaar(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Per kalenderjaar vrijgelaten giften en kostenbesparende bijdragen (art. 31 lid 2 onder m Pw)"
    unit = "currency-EUR"
    reference = PW
    documentation = (
        "From 2026 the national amount (EUR 1,200 per calendar year). Before 2026 the law left gifts to "
        "the college's judgment: 0 here, a hook that a municipality's layer overrides with its own policy."
    )

    def formula_2026_01(gezin, period, parameters):
        return gezin.filled_array(parameters(period).participatiewet.giftenvrijlating)


class giften_in_aanmerking_genomen(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Giften die in de maand als middelen meetellen (boven de jaarlijkse vrijlating)"
    unit = "currency-EUR"
    reference = PW
    documentation = (
        "Gifts of the volwassenen are added up from January; only the part of the running total above "
        "giftenvrijlating_per_jaar counts, in the month in which it is received."
    )

    def formula(gezin, period, parameters):
        vrij = gezin("giftenvrijlating_per_jaar", period)
        dit_jaar = gezin.sum(gezin.members("giften", period), role=Gezin.VOLWASSENE)
        eerder = gezin.filled_array(0.0)
        month = period.this_year.first_month
        while month.start < period.start:
            eerder = eerder + gezin.sum(gezin.members("giften", month), role=Gezin.VOLWASSENE)
            month = month.offset(1)
        return numpy.maximum(eerder + dit_jaar - vrij, 0) - numpy.maximum(eerder - vrij, 0)


class bijstand_middelen(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Middelen van het gezin per maand voor bijstand/AIO (art. 31-32 Pw), na vrijlatingen"
    unit = "currency-EUR"
    reference = PW
    documentation = (
        "The volwassenen's netto_inkomen minus the earnings disregards, plus gifts above the yearly "
        "disregard. Income of minor children is not counted. Never negative."
    )

    def formula(gezin, period, parameters):
        per_persoon = gezin.members("netto_inkomen", period) - gezin.members("vrijlating_arbeidsinkomsten", period)
        inkomen = gezin.sum(per_persoon, role=Gezin.VOLWASSENE)
        return numpy.maximum(inkomen + gezin("giften_in_aanmerking_genomen", period), 0)
