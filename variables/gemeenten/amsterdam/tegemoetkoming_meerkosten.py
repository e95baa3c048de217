"""Regeling tegemoetkoming meerkosten (Rtm) for chronically ill or disabled Amsterdammers with a low income.

Legal basis: a financial compensation under art. 2.1.7 Wmo 2015 (the municipality may give people with a
disability or chronic illness a tegemoetkoming in their meerkosten), via the Verordening and the Nadere regels
maatschappelijke ondersteuning Amsterdam; not the Participatiewet.
"""

from openfisca_core.model_api import MONTH, YEAR, Variable, set_input_dispatch_by_period

from openfisca_amsterdam.entities import Gezin, Persoon
from openfisca_amsterdam.formula_helpers import DECEMBER, calendar_month, where_needed

WMO = "https://wetten.overheid.nl/BWBR0035362/2025-01-01#Hoofdstuk2_Paragraaf2.1_Artikel2.1.7"


class chronisch_ziek_of_beperkt(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = (
        "Heeft een chronische ziekte of beperking met aannemelijke meerkosten, vastgesteld voor de Rtm "
        "(GGD-beoordeling)"
    )
    reference = WMO
    documentation = "Input: the medical assessment (GGD) is not modelled. A yearly input is copied to every month."


class tegemoetkoming_meerkosten_recht(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = (
        "Het gezin heeft recht op de Regeling tegemoetkoming meerkosten (Rtm) voor ten minste een chronisch zieke of "
        "beperkte"
    )
    reference = WMO
    documentation = (
        "An Amsterdam gezin with a member who is chronisch_ziek_of_beperkt and that is in amsterdam_minima_doelgroep "
        "(or in debt counselling). The Rtm's own income limit ('minimuminkomen meerkosten' in the HvA model; a strict "
        "'toetsbedrag' on prior-year income per Rb Amsterdam ECLI:NL:RBAMS:2022:6397) was not found; the general "
        "minima test is presumed. Outside Amsterdam: false."
    )

    def formula(gezin, period, parameters):
        nodig = gezin("gezin_woont_in_amsterdam", period) & gezin.any(
            gezin.members("chronisch_ziek_of_beperkt", period)
        )
        return nodig & where_needed(nodig, lambda: gezin("amsterdam_minima_doelgroep", period), default=False).astype(
            bool
        )


class aantal_rechthebbenden_meerkosten(Variable):
    value_type = int
    entity = Gezin
    definition_period = MONTH
    label = "Aantal chronisch zieke of beperkte leden van een gezin met recht op de Rtm"

    def formula(gezin, period, parameters):
        aantal = gezin.sum(gezin.members("chronisch_ziek_of_beperkt", period))
        return aantal * gezin("tegemoetkoming_meerkosten_recht", period)


class tegemoetkoming_meerkosten(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = (
        "Rtm over het kalenderjaar: de energiecomponent (EUR 20 per maand in 2023) en de eenmalige energiecompensatie "
        "in december"
    )
    unit = "currency-EUR"
    reference = "https://www.blikopnieuws.nl/nieuws/300316/extra-compensatie-voor-amsterdammers-met-chronische-ziekte-en-laag-inkomen.html"
    documentation = (
        "Values only the energy-cost component of the Rtm, per entitled person: each month with recht the "
        "energiecomponent_per_maand (2023: EUR 20), plus in December the one-off eenmalige_energiecompensatie "
        "(2022 and 2023: EUR 100). 2023: 12 x 20 + 100 = EUR 340 (the city's own total). The press says about 15,000 "
        "of the ~16,400 Rtm recipients get this component; the model gives it to every entitled person. The other "
        "components (in total up to EUR 91.25 per month in 2023, depending on the GGD assessment) are not valued: "
        "their amounts were not found (tegemoetkoming_meerkosten_maximum_per_jaar gives the upper bound). 2022 (the "
        "monthly component) and 2024-2026 were not found: an entitled gezin raises NotCoveredError."
    )

    def formula(gezin, period, parameters):
        totaal = 0
        for maand in period.get_subperiods(MONTH):
            aantal = gezin("aantal_rechthebbenden_meerkosten", maand)
            rtm = parameters(maand).gemeenten.amsterdam.tegemoetkoming_meerkosten
            totaal = totaal + where_needed(
                aantal > 0, lambda aantal=aantal, rtm=rtm: aantal * rtm.energiecomponent_per_maand
            )
        december = calendar_month(period, DECEMBER)
        aantal = gezin("aantal_rechthebbenden_meerkosten", december)
        rtm = parameters(december).gemeenten.amsterdam.tegemoetkoming_meerkosten
        return totaal + where_needed(aantal > 0, lambda: aantal * rtm.eenmalige_energiecompensatie)


class tegemoetkoming_meerkosten_maximum_per_jaar(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = (
        "Bovengrens van de Rtm over het kalenderjaar: het maximum per maand (EUR 91,25 in 2023) voor elke maand met "
        "recht, per rechthebbende"
    )
    unit = "currency-EUR"
    reference = (
        "https://www.at5.nl/artikelen/223317/gemeente-geeft-extra-compensatie-aan-chronisch-zieken-met-laag-inkomen"
    )
    documentation = (
        "An upper bound, not an entitlement (the amount depends on the GGD assessment). Excludes the one-off December "
        "compensation."
    )

    def formula(gezin, period, parameters):
        totaal = 0
        for maand in period.get_subperiods(MONTH):
            aantal = gezin("aantal_rechthebbenden_meerkosten", maand)
            rtm = parameters(maand).gemeenten.amsterdam.tegemoetkoming_meerkosten
            totaal = totaal + where_needed(aantal > 0, lambda aantal=aantal, rtm=rtm: aantal * rtm.maximum_per_maand)
        return totaal
