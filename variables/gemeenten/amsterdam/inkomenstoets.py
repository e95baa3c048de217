"""The income and asset test that Amsterdam's minimaregelingen share.

One test, reused by every scheme: the gezin's fiscal income of the reference year (the previous
calendar year for the Stadspas and the children's schemes) as a percentage of the social minimum
for its household type, plus the bijstand asset test; being in debt restructuring qualifies
regardless of income. Each scheme only chooses its percentage.
"""

import numpy
from openfisca_core.model_api import MONTH, Enum, Variable

from openfisca_amsterdam.entities import PAAR, Gezin
from openfisca_amsterdam.formula_helpers import select_by_enum


class in_schuldhulp(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = (
        "Het gezin zit in een schuldhulpverleningstraject of schuldsanering (Wsnp): toegang tot de minimaregelingen "
        "ongeacht het inkomen"
    )


class AmsterdamHuishoudsituatie(Enum):
    alleenstaande = "alleenstaande"
    alleenstaande_ouder = "alleenstaande ouder"
    gehuwden = "gehuwden (met of zonder kinderen)"


class amsterdam_huishoudsituatie(Variable):
    value_type = Enum
    possible_values = AmsterdamHuishoudsituatie
    default_value = AmsterdamHuishoudsituatie.alleenstaande
    entity = Gezin
    definition_period = MONTH
    label = "Huishoudsituatie voor de Amsterdamse inkomensgrens: alleenstaande, alleenstaande ouder of gehuwden"
    documentation = (
        "The names match the children of the limits in parameters/gemeenten/amsterdam/minima/inkomensgrens and of the "
        "IIT amounts, so a formula picks the amount with formula_helpers.select_by_enum."
    )

    def formula(gezin, period, parameters):
        return numpy.select(
            [gezin("aantal_volwassenen", period) == PAAR, gezin("heeft_kinderen", period)],
            [AmsterdamHuishoudsituatie.gehuwden, AmsterdamHuishoudsituatie.alleenstaande_ouder],
            AmsterdamHuishoudsituatie.alleenstaande,
        )


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
        return select_by_enum(gezin("amsterdam_huishoudsituatie", period), grens)


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
        laag = gezin("inkomen_als_percentage_sociaal_minimum", period) <= 100 * pct
        return gezin("in_schuldhulp", period) | (laag & gezin("amsterdam_voldoet_aan_vermogenstoets", period))
