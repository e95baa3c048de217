"""Kwijtschelding (remission) of Amsterdam's municipal taxes for low incomes, and the afvalstoffenheffing it remits.

Gemeentewet art. 255 and the Uitvoeringsregeling Invorderingswet 1990 (art. 12-16, and art. 28 for the wider norms a
gemeente may choose). Only the afvalstoffenheffing is modelled. The waterschap taxes of AGV / Waternet (watersysteem-
and zuiveringsheffing) have their own kwijtschelding decided by the waterschap and are not covered; neither are the
OZB, the roerende-ruimtebelasting and the rioolheffing (the rioolheffing is only levied above 300 m3 of water).
"""

import numpy
from openfisca_core.model_api import YEAR, Variable

from openfisca_amsterdam.entities import Gezin, Huishouden
from openfisca_amsterdam.formula_helpers import round_cents, select_needed, where_needed

URIW = "https://wetten.overheid.nl/BWBR0004770"


class afvalstoffenheffing(Variable):
    value_type = float
    entity = Huishouden
    definition_period = YEAR
    label = "Afvalstoffenheffing van de woning in Amsterdam over het jaar (eenpersoons- of meerpersoonshuishouden)"
    unit = "currency-EUR"
    reference = "https://zoek.officielebekendmakingen.nl/gmb-2025-501531.html"
    documentation = (
        "Art. 15.33 Wet milieubeheer; Verordening afvalstoffenheffing Amsterdam of the year: the tariff for a "
        "one-person "
        "or a multi-person household, by the number of residents in January (the verordening's own peildatum rules are "
        "not modelled). The 2016-2026 tariffs were not found, so an Amsterdam huishouden raises NotCoveredError "
        "unless the "
        "amount of the aanslag is given as an input for the year. Outside Amsterdam: 0 (other municipalities' tariffs "
        "are not modelled)."
    )

    def formula(huishouden, period, parameters):
        januari = period.first_month
        amsterdam = huishouden("woont_in_amsterdam", januari)
        meer = huishouden("is_meerpersoonshuishouden", januari)
        tarief = parameters(januari).gemeenten.amsterdam.kwijtschelding.afvalstoffenheffing
        return select_needed(
            [amsterdam & ~meer, amsterdam & meer],
            [lambda: tarief.eenpersoonshuishouden, lambda: tarief.meerpersoonshuishouden],
        )


class kwijtschelding_aantal_meerderjarige_bewoners(Variable):
    value_type = int
    entity = Huishouden
    definition_period = YEAR
    label = (
        "Aantal bewoners van 18 jaar of ouder in januari (verdeling van de aanslag afvalstoffenheffing over de "
        "gezinnen)"
    )

    def formula(huishouden, period, parameters):
        meerderjarig = parameters(period.first_month).algemeen.meerderjarigheidsleeftijd
        return huishouden.sum(huishouden.members("leeftijd", period.first_month) >= meerderjarig)


class kwijtschelding_netto_besteedbaar_inkomen(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Netto besteedbaar inkomen per maand van het gezin voor de kwijtschelding (vereenvoudigd)"
    unit = "currency-EUR"
    reference = URIW
    documentation = (
        "January of the year: the volwassenen's netto_inkomen plus the gezin's bijstand and AIO. Simplified: the "
        "toeslagen (huurtoeslag, zorgtoeslag, kindgebonden budget) and the costs the regulation deducts (rent "
        "above the "
        "huurtoeslag, health-insurance premium above the zorgtoeslag, alimony, childcare) are left out on both sides."
    )

    def formula(gezin, period, parameters):
        januari = period.first_month
        netto = gezin.sum(gezin.members("netto_inkomen", januari), role=Gezin.VOLWASSENE)
        return netto + gezin("bijstand", januari) + gezin("aio", januari)


class kwijtschelding_kosten_van_bestaan(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = (
        "Kosten van bestaan per maand voor de kwijtschelding: het Amsterdamse percentage van de bijstandsnorm van het "
        "gezin"
    )
    unit = "currency-EUR"
    reference = URIW
    documentation = (
        "kosten_van_bestaan_percentage x gezinsnorm in January (the Pw norm incl. vakantietoeslag for the gezin as if "
        "every volwassene had a right to bijstand, with the kostendelersnorm; the regulation uses the AOW amounts "
        "for a "
        "gezin of AOW age, which is simplified to the art. 22 Pw norm that gezinsnorm gives). Amsterdam's "
        "percentage was "
        "not found: NotCoveredError."
    )

    def formula(gezin, period, parameters):
        januari = period.first_month
        pct = parameters(januari).gemeenten.amsterdam.kwijtschelding.kosten_van_bestaan_percentage
        return round_cents(pct * gezin("gezinsnorm", januari))


class kwijtschelding_gemeentelijke_belastingen(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = (
        "Kwijtgescholden Amsterdamse gemeentelijke belastingen (afvalstoffenheffing) over het jaar, in euro per jaar"
    )
    unit = "currency-EUR"
    reference = URIW
    documentation = (
        "Gemeentewet art. 255; Uitvoeringsregeling Invorderingswet 1990 art. 12-16 and 28, simplified. For an "
        "Amsterdam "
        "gezin (January of the year): no remission when the assets (bijstand_vermogen, 1 January) exceed "
        "vermogen_vrij_maanden x the monthly kosten van bestaan; otherwise the betalingscapaciteit per year is "
        "12 x max(0, netto besteedbaar inkomen - kosten van bestaan) x betalingscapaciteit_aandeel, and the "
        "remission is "
        "the gezin's share of the afvalstoffenheffing minus that capacity, at least 0. The gezin's share of the "
        "huishouden's aanslag is in proportion to its volwassenen among the huishouden's persons of 18 or older (one "
        "aanslag per dwelling; the regulation remits only an aanslag on the applicant's name). Simplified further: the "
        "motor-vehicle test, the income of the whole year (the regulation looks at the expected income of the next 12 "
        "months), and the toeslagen and housing costs (see kwijtschelding_netto_besteedbaar_inkomen). Amsterdam's "
        "percentages were not found, so an Amsterdam gezin raises NotCoveredError. Waterschap taxes: not covered. "
        "Outside Amsterdam: 0."
    )

    def formula(gezin, period, parameters):
        januari = period.first_month
        amsterdam = gezin("gezin_woont_in_amsterdam", januari)

        def kwijtschelding():
            volwassen = gezin.members.has_role(Gezin.VOLWASSENE)
            meerderjarig = gezin.members("leeftijd", januari) >= parameters(januari).algemeen.meerderjarigheidsleeftijd
            in_huis = gezin.members.huishouden("kwijtschelding_aantal_meerderjarige_bewoners", period)
            deel = numpy.where(volwassen & meerderjarig, 1 / numpy.maximum(in_huis, 1), 0)
            aanslag = gezin.sum(deel * gezin.members.huishouden("afvalstoffenheffing", period))
            kosten = gezin("kwijtschelding_kosten_van_bestaan", period)
            vrij = parameters(januari).gemeenten.amsterdam.kwijtschelding.vermogen_vrij_maanden * kosten
            vermogen_ok = gezin("bijstand_vermogen", januari) <= vrij

            def rest():
                p = parameters(januari).gemeenten.amsterdam.kwijtschelding
                capaciteit = 12 * numpy.maximum(gezin("kwijtschelding_netto_besteedbaar_inkomen", period) - kosten, 0)
                return numpy.maximum(aanslag - p.betalingscapaciteit_aandeel * capaciteit, 0)

            return round_cents(where_needed(vermogen_ok & (aanslag > 0), rest))

        return where_needed(amsterdam, kwijtschelding)
