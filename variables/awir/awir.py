"""Shared concepts of the toeslagen (Algemene wet inkomensafhankelijke regelingen, AWIR)."""

from openfisca_core.model_api import MONTH, YEAR, Variable

from openfisca_amsterdam.entities import PAAR, Gezin
from openfisca_amsterdam.formula_helpers import MONTHS_PER_YEAR, ceil_euros

WZT = "https://wetten.overheid.nl/BWBR0018451/2026-01-01"


class drempelinkomen(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Drempelinkomen (art. 1 onder f Wet op de zorgtoeslag; ook art. 1 Wet op het kindgebonden budget)"
    unit = "currency-EUR"
    reference = WZT
    documentation = (
        "108% of twelve times the minimum wage per month that applies in January of the year: the "
        "statutory monthly minimum wage until 2023, the referentiemaandloon (art. 8 lid 1 onder b WML) "
        "from 2024. Rounded up to whole euros, which reproduces every published drempelinkomen "
        "(22,356; 25,070; 26,820; 28,406; 29,736 for 2022-2026)."
    )

    def formula_2022_01(gezin, period, parameters):
        januari = period.first_month
        minimumloon = parameters(januari).wml.minimumloon_per_maand
        factor = parameters(januari).zorgtoeslag.drempelinkomen_percentage
        return gezin.filled_array(ceil_euros(factor * MONTHS_PER_YEAR * minimumloon))

    def formula_2024_01(gezin, period, parameters):
        januari = period.first_month
        minimumloon = parameters(januari).wml.referentiemaandloon
        factor = parameters(januari).zorgtoeslag.drempelinkomen_percentage
        return gezin.filled_array(ceil_euros(factor * MONTHS_PER_YEAR * minimumloon))


class heeft_toeslagpartner(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = "Heeft een toeslagpartner (art. 3 AWIR): hier, het gezin heeft twee volwassenen"
    reference = "https://wetten.overheid.nl/BWBR0018472/2026-01-01#Hoofdstuk1_Paragraaf1.2_Artikel3"
    documentation = (
        "The gezin stands in for the AWIR toeslagpartner: the user puts partners in one gezin. The AWIR "
        "is wider (e.g. unmarried cohabitants with a joint child, or registered on one address with a "
        "joint home) and, unlike the Participatiewet, knows no care exception; see docs/regelingen/toeslagen.md."
    )

    def formula(gezin, period, parameters):
        return gezin("aantal_volwassenen", period) == PAAR


class gezamenlijk_toetsingsinkomen(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Toetsingsinkomen van de belanghebbende en zijn toeslagpartner samen (art. 8 AWIR)"
    unit = "currency-EUR"
    reference = "https://wetten.overheid.nl/BWBR0018472/2026-01-01#Hoofdstuk2_Paragraaf2.2_Artikel8"

    def formula(gezin, period, parameters):
        return gezin.sum(gezin.members("toetsingsinkomen", period), role=Gezin.VOLWASSENE)


class toeslag_vermogen(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Vermogen op 1 januari van de belanghebbende en zijn toeslagpartner samen (art. 7 lid 3 AWIR)"
    unit = "currency-EUR"
    reference = "https://wetten.overheid.nl/BWBR0018472/2026-01-01#Hoofdstuk2_Paragraaf2.2_Artikel7"
    documentation = (
        "vermogen minus eigen_woning_vermogen (the own home is in box 1, not box 3) of the volwassenen on "
        "1 January: a simplification of the box 3 rendementsgrondslag that the AWIR tests."
    )

    def formula(gezin, period, parameters):
        box3 = gezin.members("vermogen", period) - gezin.members("eigen_woning_vermogen", period)
        return gezin.sum(box3, role=Gezin.VOLWASSENE)
