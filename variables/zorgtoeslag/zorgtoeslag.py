"""Zorgtoeslag (Wet op de zorgtoeslag)."""

import numpy
from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin, Persoon
from openfisca_amsterdam.formula_helpers import MONTHS_PER_YEAR, monthly_toeslag

WZT = "https://wetten.overheid.nl/BWBR0018451/2026-01-01"


class is_verzekerd_zvw(Variable):
    value_type = bool
    default_value = True
    entity = Persoon
    definition_period = MONTH
    label = "Verzekerd voor de Zorgverzekeringswet (heeft een zorgverzekering)"


class normpremie(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Normpremie per jaar (art. 2 lid 2-3 Wet op de zorgtoeslag)"
    unit = "currency-EUR"
    reference = WZT
    documentation = (
        "p1 (single or with toeslagpartner) x drempelinkomen + p2 x (toetsingsinkomen - drempelinkomen), the "
        "last term only when positive; toetsingsinkomen is that of both partners together (art. 8 AWIR)."
    )

    def formula(gezin, period, parameters):
        zt = parameters(period).zorgtoeslag.normpremie
        jaar = period.this_year
        drempel = gezin("drempelinkomen", jaar)
        inkomen = gezin("gezamenlijk_toetsingsinkomen", jaar)
        p1 = numpy.where(
            gezin("heeft_toeslagpartner", period),
            zt.percentage_drempel_met_partner,
            zt.percentage_drempel_alleenstaande,
        )
        return p1 * drempel + zt.percentage_boven_drempel * numpy.maximum(inkomen - drempel, 0)


class is_verzekerde_zorgtoeslag(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Verzekerde in de zin van de Wet op de zorgtoeslag (art. 1 lid 1 onder c Wzt)"
    reference = WZT
    documentation = (
        "Insured under the Zvw (is_verzekerd_zvw) 'vanaf de eerste dag van de kalendermaand volgende op de maand "
        "waarin hij achttien jaar wordt': someone whose 18th birthday is on 1 or on 31 May is a verzekerde from June. "
        "A foreigner without residence under art. 8 onder a-e or l Vw 2000 is not insured (art. 2.1.1 lid 2 Wlz, which "
        "the Zvw follows; verblijf_geeft_aanspraak): a partner in a procedure halves the couple's zorgtoeslag."
    )

    def formula(persoon, period, parameters):
        leeftijd = parameters(period).zorgtoeslag.verzekerde_vanaf_leeftijd
        maanden = persoon("kalendermaanden_sinds_geboortemaand", period)
        verzekerd = persoon("is_verzekerd_zvw", period) & persoon("verblijf_geeft_aanspraak", period)
        return verzekerd & (maanden > leeftijd * MONTHS_PER_YEAR)


class zorgtoeslag_per_jaar(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Zorgtoeslag op jaarbasis bij de situatie van deze maand (art. 2 Wet op de zorgtoeslag)"
    unit = "currency-EUR"
    reference = WZT
    documentation = (
        "Standaardpremie (twice for a verzekerde with a toeslagpartner, art. 2 lid 1) minus the normpremie, never "
        "negative; half of it when the toeslagpartner is not a verzekerde (art. 2 lid 4: e.g. a partner who is not "
        "yet 18, or not insured); 0 when the gezin's vermogen on 1 January exceeds the vermogensgrens (art. 3), "
        "no volwassene is a verzekerde, or a partner resides unlawfully (art. 9 lid 2 AWIR: "
        "verblijf_staat_toeslag_toe; a lawfully resident partner who is not insured halves it)."
    )

    def formula(gezin, period, parameters):
        zt = parameters(period).zorgtoeslag
        jaar = period.this_year
        verzekerden = gezin.sum(gezin.members("is_verzekerde_zorgtoeslag", period), role=Gezin.VOLWASSENE)
        partner = gezin("heeft_toeslagpartner", period)
        grens = numpy.where(partner, zt.vermogensgrens.met_partner, zt.vermogensgrens.alleenstaande)
        premies = numpy.where(partner, gezin("aantal_volwassenen", period), 1)  # art. 2 lid 1: twice with a partner
        bedrag = numpy.maximum(premies * zt.standaardpremie - gezin("normpremie", period), 0)
        partner_niet_verzekerd = partner & (verzekerden < premies)
        bedrag = numpy.where(partner_niet_verzekerd, bedrag * zt.aandeel_partner_niet_verzekerd, bedrag)
        verblijf = gezin("verblijf_staat_toeslag_toe", period)
        recht = (verzekerden > 0) & (gezin("toeslag_vermogen", jaar) <= grens) & verblijf
        return numpy.where(recht, bedrag, 0)


class zorgtoeslag(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Zorgtoeslag per maand"
    unit = "currency-EUR"
    reference = WZT
    documentation = (
        "A twelfth of zorgtoeslag_per_jaar rounded down to whole euros, as the Belastingdienst pays the "
        "monthly voorschot (this reproduces the Belastingdienst's 2025 table by income); 0 when the yearly "
        "amount is below the minimum the AWIR pays. Entitlement, not receipt."
    )

    def formula(gezin, period, parameters):
        return monthly_toeslag(
            gezin("zorgtoeslag_per_jaar", period), parameters(period).awir.minimaal_uit_te_betalen_per_jaar
        )
