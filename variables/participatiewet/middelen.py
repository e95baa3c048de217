"""Middelen: the income counted against the norm (art. 31-33 Pw) and its disregards."""

import numpy
from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin, Persoon
from openfisca_amsterdam.formula_helpers import round_cents, select_needed, where_needed

PW = "https://wetten.overheid.nl/BWBR0015703/2026-01-01#Hoofdstuk3_Paragraaf3.4_Artikel31"


class inkomstenvrijlating_van_toepassing(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "De vrijlating van 25% van de inkomsten uit arbeid (art. 31 lid 2 onder n Pw) geldt deze maand"
    documentation = (
        "Input: true within the (at most 6) months of the disregard that the college grants after starting work."
    )


class alleenstaande_ouder_vrijlating_van_toepassing(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = (
        "De aanvullende vrijlating van 12,5% voor de alleenstaande ouder (art. 31 lid 2 onder r Pw) geldt deze maand"
    )
    documentation = (
        "Input: true within the (at most 30) months of the disregard for a single parent with full care of a child."
    )


class is_medisch_urenbeperkt(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Medisch urenbeperkt: de vrijlating van 15% (art. 31 lid 2 onder y Pw) geldt"


def _vrijlatingen(persoon, period, parameters):
    """The three earnings disregards of art. 31 lid 2 Pw: (applies, amount) for n, r and y."""
    vrijlating = parameters(period).participatiewet.inkomstenvrijlating
    arbeid = numpy.maximum(persoon("netto_arbeidsinkomen", period), 0)
    leeftijd = persoon("leeftijd", period)
    oud_genoeg = leeftijd >= vrijlating.minimumleeftijd  # art. 31 lid 5: n and r not under 27
    aow = persoon("heeft_aow_leeftijd", period)
    gezin = persoon.gezin
    jongste_kind = gezin.min(gezin.members("leeftijd", period), role=Gezin.KIND)
    jong_kind = gezin("heeft_kinderen", period) & (jongste_kind < vrijlating.alleenstaande_ouder.maximumleeftijd_kind)
    alleenstaande_ouder = (gezin("aantal_volwassenen", period) == 1) & jong_kind
    # n: at AOW age without the six-month limit (and without the arbeidsinschakeling condition).
    n = (arbeid > 0) & oud_genoeg & (persoon("inkomstenvrijlating_van_toepassing", period) | aow)
    r = (
        (arbeid > 0)
        & oud_genoeg
        & alleenstaande_ouder
        & persoon("alleenstaande_ouder_vrijlating_van_toepassing", period)
    )
    y = (arbeid > 0) & persoon("is_medisch_urenbeperkt", period)
    amounts = {
        "n": lambda: numpy.minimum(arbeid * vrijlating.algemeen.percentage, vrijlating.algemeen.maximum),
        "r": lambda: numpy.minimum(
            arbeid * vrijlating.alleenstaande_ouder.percentage, vrijlating.alleenstaande_ouder.maximum
        ),
        "y": lambda: numpy.minimum(
            arbeid * vrijlating.medisch_urenbeperkt.percentage, vrijlating.medisch_urenbeperkt.maximum
        ),
    }
    return {"n": n, "r": r, "y": y}, amounts


class vrijlating_arbeidsinkomsten(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Vrijgelaten inkomsten uit arbeid (art. 31 lid 2 onder n, r en y Pw)"
    unit = "currency-EUR"
    reference = PW
    documentation = (
        "n: 25% up to a monthly maximum, from age 27 (lid 5), for at most six months while the input "
        "inkomstenvrijlating_van_toepassing says so, and without time limit at AOW age. r: 12.5% for a "
        "single parent of 27 or older with a child under 12, after the months of n. y: 15% for a medically "
        "restricted person, no age or time limit. Only one applies: until 2022 y gives way to n and r; "
        "from 2023 r gives way to y and y to n. Excluded: the 15% for loonkostensubsidie (onder z, aa)."
    )

    def formula_2022_01(persoon, period, parameters):
        applies, amounts = _vrijlatingen(persoon, period, parameters)
        return round_cents(
            select_needed([applies["n"], applies["r"], applies["y"]], [amounts["n"], amounts["r"], amounts["y"]])
        )

    def formula_2023_01(persoon, period, parameters):
        applies, amounts = _vrijlatingen(persoon, period, parameters)
        return round_cents(
            select_needed([applies["n"], applies["y"], applies["r"]], [amounts["n"], amounts["y"], amounts["r"]])
        )


class giftenvrijlating_per_jaar(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Per kalenderjaar vrijgelaten giften en kostenbesparende bijdragen (art. 31 lid 2 onder m Pw)"
    unit = "currency-EUR"
    reference = PW
    documentation = (
        "From 2026 the national amount (EUR 1,200 per calendar year). Before 2026 the law left gifts to "
        "the college's judgment: the municipality's policy (gemeentelijke_giftenvrijlating_per_jaar; "
        "Amsterdam 1,800 in 2023), 0 where none is modelled."
    )

    def formula_2022_01(gezin, period, parameters):
        return gezin("gemeentelijke_giftenvrijlating_per_jaar", period)

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
        dit_jaar = gezin.sum(gezin.members("giften", period), role=Gezin.VOLWASSENE)
        eerder = gezin.filled_array(0.0)
        month = period.this_year.first_month
        while month.start < period.start:
            eerder = eerder + gezin.sum(gezin.members("giften", month), role=Gezin.VOLWASSENE)
            month = month.offset(1)

        def boven_vrijlating():
            vrij = gezin("giftenvrijlating_per_jaar", period)
            return numpy.maximum(eerder + dit_jaar - vrij, 0) - numpy.maximum(eerder - vrij, 0)

        # the (municipal) disregard is only read for a gezin that received gifts this month
        return where_needed(dit_jaar > 0, boven_vrijlating)


class bijstand_middelen(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Middelen van het gezin per maand voor bijstand/AIO (art. 31-32 Pw), na vrijlatingen"
    unit = "currency-EUR"
    reference = PW
    documentation = (
        "The volwassenen's netto_inkomen minus the earnings disregards, plus gifts above the yearly "
        "disregard. Income of minor children is not counted (simplification: art. 31 lid 2 onder h only "
        "exempts their earnings and WW/AO benefits). When one partner has no right to bijstand (art. 32 lid 3), "
        "his income counts only insofar as the couple's income plus the bijstand that would be paid without "
        "it exceeds the couple norm (gezinsnorm). Never negative."
    )

    def formula(gezin, period, parameters):
        per_persoon = gezin.members("netto_inkomen", period) - gezin.members("vrijlating_arbeidsinkomsten", period)
        recht = gezin.members("heeft_recht_op_bijstand", period)
        eigen = gezin.sum(per_persoon * recht, role=Gezin.VOLWASSENE) + gezin("giften_in_aanmerking_genomen", period)
        partner = gezin.sum(per_persoon * ~recht, role=Gezin.VOLWASSENE)
        zonder_partner = numpy.maximum(gezin("bijstandsnorm", period) - eigen, 0)
        art32_lid3 = numpy.maximum(eigen + partner + zonder_partner - gezin("gezinsnorm", period), 0)
        partner_telt = numpy.where(
            gezin("is_art24_gezin", period), numpy.minimum(art32_lid3, numpy.maximum(partner, 0)), partner
        )
        return numpy.maximum(eigen + partner_telt, 0)
