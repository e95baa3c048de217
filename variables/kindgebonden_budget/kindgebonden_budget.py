"""Kindgebonden budget (Wet op het kindgebonden budget, WKB)."""

import numpy
from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin, Persoon
from openfisca_amsterdam.formula_helpers import MONTHS_PER_YEAR, monthly_toeslag, where_needed

WKB = "https://wetten.overheid.nl/BWBR0022751/2026-01-01"


def _kalendermaanden(gezin, period):
    """Per member: calendar months since the month of birth (0 in the month of birth)."""
    return gezin.members("kalendermaanden_sinds_geboortemaand", period)


def _na_de_maand_waarin(maanden, leeftijd):
    """True from the calendar month after the month in which the age ``leeftijd`` (years) is reached."""
    return maanden > leeftijd * MONTHS_PER_YEAR


class kgb_kind_telt(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Kind telt voor het kindgebonden budget van zijn gezin in deze maand (art. 1 lid 5 en art. 2 lid 1 WKB)"
    reference = WKB
    documentation = (
        "A kind of the gezin from the month after the month of birth through the month of the 18th birthday (art. 2 "
        "lid 1). When a partner of the gezin resides unlawfully, AWIR art. 9 lid 2 would take the budget away; art. 1 "
        "lid 5 WKB (from 2022) keeps it 'voor een kind dat geen vreemdeling is of dat rechtmatig verblijf houdt in de "
        "zin van artikel 8 van de Vreemdelingenwet 2000': then only such children count."
    )

    def formula(persoon, period, parameters):
        einde = parameters(period).kindgebonden_budget.leeftijden.einde_aanspraak
        maanden = persoon("kalendermaanden_sinds_geboortemaand", period)
        leeftijd = (maanden >= 1) & (maanden <= einde * MONTHS_PER_YEAR) & persoon.has_role(Gezin.KIND)
        uitzondering = persoon.gezin("partner_heeft_rechtmatig_verblijf", period) | persoon(
            "heeft_rechtmatig_verblijf", period
        )
        return leeftijd & uitzondering


class kgb_aantal_kinderen(Variable):
    value_type = int
    entity = Gezin
    definition_period = MONTH
    label = "Kinderen voor wie het gezin kindgebonden budget kan krijgen: minderjarige kinderen van het gezin"
    reference = WKB
    documentation = (
        "Art. 2 lid 1 WKB: a child (role kinderen) counts 'met ingang van de kalendermaand na de maand waarin het "
        "kind is geboren ... tot en met de kalendermaand waarin het kind de leeftijd van 18 jaar bereikt'. So a "
        "child born on 1 May counts from June, one born on 31 May also from June, and a child whose 18th birthday "
        "is on 1 May still counts in May (the SVB's page 'Begindatum en einddatum kinderbijslag en kindgebonden "
        "budget verschillen' gives the same examples)."
    )

    def formula(gezin, period, parameters):
        return gezin.sum(gezin.members("kgb_kind_telt", period), role=Gezin.KIND)


class kgb_maximum(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = (
        "Kindgebonden budget op jaarbasis voor de afbouw: bedragen per kind, leeftijdstoeslagen en "
        "alleenstaande-ouderkop (art. 2 lid 2-6 WKB)"
    )
    unit = "currency-EUR"
    reference = WKB
    documentation = (
        "The amount per child by rank (the 1st, 2nd, 3rd and each further child; one amount for all from "
        "2024), plus the supplement for each child of 12-15 and of 16-17, plus the alleenstaande-ouderkop "
        "for a parent without toeslagpartner. The 16-17 supplement replaces the 12-15 one. Each supplement starts "
        "'met ingang van de kalendermaand na de maand waarin' the child reached 12 or 16 (art. 2 lid 3 and 5 WKB), "
        "whatever the day of the birthday, and runs while the child counts (through the month of its 18th birthday)."
    )

    def formula(gezin, period, parameters):
        kgb = parameters(period).kindgebonden_budget
        n = gezin("kgb_aantal_kinderen", period)
        maanden = _kalendermaanden(gezin, period)
        telt = gezin.members("kgb_kind_telt", period)
        per_kind = kgb.bedrag_per_kind
        per_rang = [per_kind.eerste_kind, per_kind.tweede_kind, per_kind.derde_kind]  # the 1st, 2nd and 3rd child
        kinderen = sum(bedrag * (n > rang) for rang, bedrag in enumerate(per_rang))
        kinderen = kinderen + per_kind.vierde_en_volgende_kind * numpy.maximum(n - len(per_rang), 0)
        hoger = telt & _na_de_maand_waarin(maanden, kgb.leeftijden.hogere_verhoging)
        verhoogd = telt & _na_de_maand_waarin(maanden, kgb.leeftijden.verhoging) & ~hoger
        n_12_15 = gezin.sum(verhoogd, role=Gezin.KIND)
        n_16_17 = gezin.sum(hoger, role=Gezin.KIND)
        toeslagen = where_needed(n_12_15 > 0, lambda: n_12_15 * kgb.verhoging_12_tot_16_jaar) + where_needed(
            n_16_17 > 0, lambda: n_16_17 * kgb.verhoging_16_en_17_jaar
        )
        alo = (n > 0) & ~gezin("heeft_toeslagpartner", period)
        return numpy.where(n > 0, kinderen + toeslagen + alo * kgb.alleenstaande_ouderkop, 0)


class kindgebonden_budget_per_jaar(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Kindgebonden budget op jaarbasis bij de situatie van deze maand (art. 2 WKB)"
    unit = "currency-EUR"
    reference = WKB
    documentation = (
        "kgb_maximum minus the afbouw percentage of the gezamenlijk toetsingsinkomen above the drempel: the "
        "drempelinkomen for a single parent, the drempelinkomen plus a fixed amount for partners (art. 2 "
        "lid 7-8). 0 when the vermogen on 1 January exceeds the vermogensgrens (art. 1a), or no volwassene can claim "
        "(art. 10-11 Vw 2000: verblijf_geeft_aanspraak)."
    )

    def formula(gezin, period, parameters):
        kgb = parameters(period).kindgebonden_budget
        jaar = period.this_year
        partner = gezin("heeft_toeslagpartner", period)
        met_kinderen = gezin("kgb_aantal_kinderen", period) > 0
        drempel = gezin("drempelinkomen", jaar) + where_needed(
            partner & met_kinderen, lambda: kgb.verhoging_drempel_partners
        )
        afbouw = kgb.afbouwpercentage * numpy.maximum(gezin("gezamenlijk_toetsingsinkomen", jaar) - drempel, 0)
        grens = numpy.where(partner, kgb.vermogensgrens.met_partner, kgb.vermogensgrens.alleenstaande)
        bedrag = numpy.maximum(gezin("kgb_maximum", period) - afbouw, 0)
        aanvrager = gezin("gezin_heeft_aanvrager_met_aanspraak", period)
        return numpy.where((gezin("toeslag_vermogen", jaar) <= grens) & aanvrager, bedrag, 0)


class kindgebonden_budget(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Kindgebonden budget per maand"
    unit = "currency-EUR"
    reference = WKB
    documentation = (
        "A twelfth of kindgebonden_budget_per_jaar rounded down to whole euros (the Belastingdienst's monthly "
        "voorschot); 0 below the AWIR minimum per year. Entitlement, not receipt."
    )

    def formula(gezin, period, parameters):
        return monthly_toeslag(
            gezin("kindgebonden_budget_per_jaar", period), parameters(period).awir.minimaal_uit_te_betalen_per_jaar
        )
