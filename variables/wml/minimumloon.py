"""Wettelijk minimumloon (Wet minimumloon en minimumvakantiebijslag)."""

from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Persoon
from openfisca_amsterdam.formula_helpers import round_cents, round_to

WML = "https://wetten.overheid.nl/BWBR0002638/2026-01-01"


class jeugdpercentage_minimumloon(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Minimumloon naar leeftijd als deel van het volwassen minimumloon (art. 2 lid 1 Besluit minimumjeugdloon)"
    reference = WML

    def formula(persoon, period, parameters):
        return parameters(period).wml.jeugdpercentage.calc(persoon("leeftijd", period))


class minimumloon(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Bruto minimumloon per maand bij een volledige dienstbetrekking, naar leeftijd"
    unit = "currency-EUR"
    reference = WML
    documentation = (
        "Until 2023: the statutory monthly minimum wage times the youth percentage, rounded to 5 cents as "
        "the published tables are. From 2024 the law sets an hourly wage; the monthly figure is then the "
        "referentiemaandloon (art. 8 lid 1 onder b WML) times the youth percentage, rounded to cents."
    )

    def formula_2022_01(persoon, period, parameters):
        bedrag = parameters(period).wml.minimumloon_per_maand
        stap = parameters(period).wml.afronding_maandbedrag
        return round_to(bedrag * persoon("jeugdpercentage_minimumloon", period), stap)

    def formula_2024_01(persoon, period, parameters):
        bedrag = parameters(period).wml.referentiemaandloon
        return round_cents(bedrag * persoon("jeugdpercentage_minimumloon", period))


class minimumuurloon(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Bruto minimumuurloon naar leeftijd (art. 8 lid 1 onder a en art. 9 WML, vanaf 2024)"
    unit = "currency-EUR"
    reference = WML
    documentation = (
        "The adult hourly minimum times the youth percentage, rounded to cents (as the published youth table). 0 "
        "before 2024."
    )

    def formula_2024_01(persoon, period, parameters):
        uurloon = parameters(period).wml.minimumuurloon
        return round_cents(uurloon * persoon("jeugdpercentage_minimumloon", period))  # 0 under 15 (the scale)
