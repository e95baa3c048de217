"""Box-1 income of a year and the AOW share of the year (Wet IB 2001 art. 3.1, 3.81; art. 2.10a)."""

import numpy
from openfisca_core.model_api import ADD, MONTH, YEAR, Variable

from openfisca_amsterdam.entities import Persoon
from openfisca_amsterdam.formula_helpers import months_of, where_needed

WET_IB = "https://wetten.overheid.nl/jci1.3:c:BWBR0011353&artikel={}&g=2026-01-01"


class winst_uit_onderneming(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Belastbare winst uit onderneming per jaar (box 1)"
    unit = "currency-EUR"
    reference = WET_IB.format("3.3")
    documentation = (
        "Input: the taxable profit of the year after the ondernemersaftrek and the MKB-winstvrijstelling "
        "(neither is modelled). A loss (negative) lowers the year's box-1 income, which is never below 0."
    )


class bruto_aow_met_vakantiegeld(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Bruto AOW met het in de maand opgebouwde vakantiegeld"
    unit = "currency-EUR"
    documentation = (
        "aow + aow_vakantiegeld, read only for persons with AOW (from the day the AOW age is reached, "
        "aow_deel_van_maand) and at least one insured year: a month whose AOW amounts are not covered (July 2026 "
        "onwards) then only fails for people who actually receive AOW."
    )

    def formula(persoon, period, parameters):
        ontvangt = (persoon("aow_deel_van_maand", period) > 0) & (persoon("aow_verzekerde_jaren", period) > 0)
        return where_needed(ontvangt, lambda: persoon("aow", period) + persoon("aow_vakantiegeld", period))


class bruto_jaarinkomen_box1(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Bruto inkomen box 1 per jaar: loon, aanvullend pensioen, AOW met vakantiegeld en winst"
    unit = "currency-EUR"
    reference = WET_IB.format("3.1")
    documentation = (
        "Sum over the twelve months of bruto_loon, aanvullend_pensioen, aow and aow_vakantiegeld, plus the "
        "yearly winst_uit_onderneming. The AOW is read through bruto_aow_met_vakantiegeld. Not included: the "
        "bijstand and AIO (the model computes them net; see toetsingsinkomen), other benefits, box 2 and 3."
    )

    def formula(persoon, period, parameters):
        maandelijks = sum(
            persoon("bruto_loon", maand)
            + persoon("aanvullend_pensioen", maand)
            + persoon("bruto_aow_met_vakantiegeld", maand)
            for maand in months_of(period)
        )
        return persoon("winst_uit_onderneming", period) + maandelijks


class arbeidsinkomen(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Arbeidsinkomen per jaar (art. 8.11 lid 2 Wet IB 2001): loon en winst uit onderneming"
    unit = "currency-EUR"
    reference = WET_IB.format("8.11")
    documentation = "The year's bruto_loon plus winst_uit_onderneming. Pension and AOW are not arbeidsinkomen."

    def formula(persoon, period, parameters):
        return persoon("winst_uit_onderneming", period) + persoon("bruto_loon", period, options=[ADD])


class deel_jaar_met_aow_leeftijd(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Deel van het jaar met de AOW-leeftijd (maanden met heeft_aow_leeftijd / 12)"
    documentation = (
        "1 for a full year at AOW age, 0 below it. In the year the age is reached, the rates and credits are "
        "weighted by this share: the AOW premium (17.90% of the first bracket) and the AOW-premium part of the "
        "heffingskortingen apply to the months before. The month in which the age is reached counts as a month "
        "without AOW age (conventions §3.2)."
    )

    def formula(persoon, period, parameters):
        return sum(persoon("heeft_aow_leeftijd", maand).astype(float) for maand in months_of(period)) / 12


class heeft_aow_leeftijd_einde_jaar(Variable):
    value_type = bool
    entity = Persoon
    definition_period = YEAR
    label = "Heeft bij het einde van het kalenderjaar de AOW-leeftijd bereikt (art. 8.17 lid 1 Wet IB 2001)"
    reference = WET_IB.format("8.17")

    def formula(persoon, period, parameters):
        datum = persoon("datum_pensioengerechtigde_leeftijd", period.last_month).astype("datetime64[D]")
        return datum <= numpy.datetime64(period.stop.date, "D")
