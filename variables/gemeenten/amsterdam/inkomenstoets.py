"""The income and asset test that Amsterdam's minimaregelingen share.

One test, reused by every scheme: the gezin's fiscal income of the reference year (the previous
calendar year for the Stadspas and the children's schemes) as a percentage of the social minimum
for its household type, plus the bijstand asset test; being in debt restructuring qualifies
regardless of income. Each scheme only chooses its percentage.
"""

import numpy
from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin
from openfisca_amsterdam.formula_helpers import select_needed


class in_schuldhulp(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = (
        "Het gezin zit in een schuldhulpverleningstraject of schuldsanering (Wsnp): toegang tot de minimaregelingen "
        "ongeacht het inkomen"
    )


class amsterdam_huishoudsituatie(Variable):
    value_type = int
    entity = Gezin
    definition_period = MONTH
    label = (
        "Huishoudsituatie voor de Amsterdamse inkomensgrens: 0 alleenstaande, 1 alleenstaande ouder, 2 gehuwden (met "
        "of zonder kinderen)"
    )

    def formula(gezin, period, parameters):
        twee = gezin("aantal_volwassenen", period) == 2
        return numpy.where(twee, 2, numpy.where(gezin("heeft_kinderen", period), 1, 0))


class amsterdam_inkomensgrens(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = (
        "Inkomensgrens van de Amsterdamse minimaregelingen voor de huishoudsituatie, voor het inkomen van het vorige "
        "kalenderjaar"
    )
    unit = "currency-EUR"
    documentation = (
        "The limit the city applies to the fiscal household income of the previous calendar year "
        "(parameters/gemeenten/amsterdam/minima/inkomensgrens)."
    )

    def formula(gezin, period, parameters):
        peiljaar = period.this_year.offset(-1)
        grens = parameters(peiljaar.first_month).gemeenten.amsterdam.minima.inkomensgrens
        soort = gezin("amsterdam_huishoudsituatie", period)
        return select_needed(
            [soort == 0, soort == 1, soort == 2],
            [lambda: grens.alleenstaande, lambda: grens.alleenstaande_ouder, lambda: grens.gehuwden],
        )


class amsterdam_sociaal_minimum_peiljaar(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = (
        "Sociaal minimum per jaar (100%) voor de huishoudsituatie in het peiljaar, afgeleid uit de Amsterdamse "
        "inkomensgrens"
    )
    unit = "currency-EUR"
    documentation = (
        "The published limit for the previous year's income divided by the percentage that limit stands for "
        "(minima/inkomensgrens_percentage: 130% for income years 2022-2024). Derived: the city publishes limits, not "
        "the 100% amount, and its limits are not a fixed percentage of the gross IOAW norm (the basis named in the "
        "IIT ordinance CVDR460812). The policy percentage (minima/percentage_algemeen) is applied to this amount, so a "
        "reform of that percentage moves the limit."
    )

    def formula(gezin, period, parameters):
        peiljaar = period.this_year.offset(-1)
        return (
            gezin("amsterdam_inkomensgrens", period)
            / parameters(peiljaar.first_month).gemeenten.amsterdam.minima.inkomensgrens_percentage
        )


class inkomen_als_percentage_sociaal_minimum(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = (
        "Fiscaal gezinsinkomen van het vorige kalenderjaar als percentage van het sociaal minimum voor de "
        "huishoudsituatie"
    )
    unit = "/100"
    documentation = (
        "The volwassenen's toetsingsinkomen of the previous calendar year (the fiscal household income the "
        "city tests) divided by amsterdam_sociaal_minimum_peiljaar, times 100. Shared by every Amsterdam scheme."
    )

    def formula(gezin, period, parameters):
        inkomen = gezin("gezamenlijk_toetsingsinkomen", period.this_year.offset(-1))
        return 100 * inkomen / gezin("amsterdam_sociaal_minimum_peiljaar", period)


class amsterdam_voldoet_aan_vermogenstoets(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = (
        "Vermogen niet boven de vermogensgrens van de bijstand (art. 34 lid 3 Pw), de grens die Amsterdam voor de "
        "minimaregelingen hanteert"
    )

    def formula(gezin, period, parameters):
        return gezin("voldoet_aan_vermogenstoets_bijstand", period)


def minima_doelgroep(gezin, period, percentage):
    """Amsterdam's shared test at a given percentage of the social minimum."""
    laag = gezin("inkomen_als_percentage_sociaal_minimum", period) <= percentage
    return gezin("in_schuldhulp", period) | (laag & gezin("amsterdam_voldoet_aan_vermogenstoets", period))


class amsterdam_minima_doelgroep(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = (
        "Behoort tot de Amsterdamse minimadoelgroep: inkomen tot het algemene percentage (120%, vanaf 2023 130%) en "
        "vermogen tot de bijstandsgrens, of schuldhulp"
    )

    def formula(gezin, period, parameters):
        pct = parameters(period).gemeenten.amsterdam.minima.percentage_algemeen
        return minima_doelgroep(gezin, period, 100 * pct)
