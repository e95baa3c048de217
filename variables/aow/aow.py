"""AOW-pensioen (Algemene Ouderdomswet)."""

import numpy
from openfisca_core.model_api import ETERNITY, MONTH, Variable

from openfisca_amsterdam.entities import PAAR, Gezin, Persoon
from openfisca_amsterdam.formula_helpers import round_cents


class aow_verzekerde_jaren(Variable):
    value_type = float
    default_value = 50
    entity = Persoon
    definition_period = ETERNITY
    label = "Verzekerde jaren in de 50 jaar voor de pensioengerechtigde leeftijd (art. 13 AOW)"
    documentation = (
        "Years the person was insured (lived or worked in the Netherlands) in the 50 years before AOW age; default 50 "
        "(a full AOW)."
    )


class aow_opbouwpercentage(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Opgebouwd deel van het volledige AOW-pensioen (art. 13 lid 1 AOW: 2% per verzekerd jaar)"
    reference = "https://wetten.overheid.nl/BWBR0002221/2026-01-01#HoofdstukIII_Paragraaf1_Artikel13"

    def formula(persoon, period, parameters):
        aow = parameters(period).aow
        jaren = numpy.clip(persoon("aow_verzekerde_jaren", period), 0, aow.verzekerde_jaren_volledig)
        return jaren * aow.opbouw_per_verzekerd_jaar


class aow_is_gehuwd(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Gehuwd in de zin van de AOW (art. 1 lid 2-4 AOW): gehuwd of ongehuwd samenwonend"
    reference = "https://wetten.overheid.nl/BWBR0002221/2026-01-01#Artikel1"
    documentation = (
        "The gezin stands in for the AOW's gezamenlijke huishouding: a person is 'gehuwd' when his or "
        "her gezin has two volwassenen, whatever the age of the partner."
    )

    def formula(persoon, period, parameters):
        return persoon.gezin.nb_persons(Gezin.VOLWASSENE) == PAAR


class aow(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Bruto AOW-pensioen per maand, incl. inkomensondersteuning, excl. vakantiegeld"
    unit = "currency-EUR"
    reference = "https://wetten.overheid.nl/BWBR0002221/2026-01-01#HoofdstukIII_Paragraaf1_Artikel9"
    documentation = (
        "Art. 7 (right from AOW age), art. 9 (gehuwd/ongehuwd amounts), art. 13 (2% reduction per uninsured year) "
        "and art. 16 lid 1 (from the day the AOW age is reached: in that month the part from that day, "
        "aow_deel_van_maand) AOW. Rounded to cents. Zero before the month in which the AOW age is reached."
    )

    def formula(persoon, period, parameters):
        bedragen = parameters(period).aow.bedragen
        volledig = numpy.where(persoon("aow_is_gehuwd", period), bedragen.gehuwde, bedragen.alleenstaande)
        return round_cents(volledig * persoon("aow_opbouwpercentage", period) * persoon("aow_deel_van_maand", period))


class aow_vakantiegeld(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Bruto vakantiegeld AOW opgebouwd in de maand (uitbetaald in mei)"
    unit = "currency-EUR"
    reference = "https://wetten.overheid.nl/BWBR0002221/2026-01-01#HoofdstukIII_Paragraaf1_Artikel9"

    def formula(persoon, period, parameters):
        bedragen = parameters(period).aow.bedragen
        volledig = numpy.where(
            persoon("aow_is_gehuwd", period), bedragen.vakantiegeld_gehuwde, bedragen.vakantiegeld_alleenstaande
        )
        return round_cents(volledig * persoon("aow_opbouwpercentage", period) * persoon("aow_deel_van_maand", period))
