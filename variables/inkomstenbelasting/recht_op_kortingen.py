"""Who has a right to the age- and family-dependent heffingskortingen (art. 8.14a and 8.18 Wet IB 2001)."""

import numpy
from openfisca_core.model_api import ADD, YEAR, Variable

from openfisca_amsterdam.entities import PAAR, Gezin, Persoon

WET_IB = "https://wetten.overheid.nl/jci1.3:c:BWBR0011353&artikel={}&g=2026-01-01"


class heeft_recht_op_alleenstaande_ouderenkorting(Variable):
    value_type = bool
    entity = Persoon
    definition_period = YEAR
    label = "Voldoet aan art. 8.18 Wet IB 2001: AOW-leeftijd aan het einde van het jaar, AOW en alleenstaand"
    reference = WET_IB.format("8.18")
    documentation = (
        "AOW age at the end of the year, AOW received in the year, and no partner: the gezin of December has one "
        "volwassene (the AOW for an ongehuwde, art. 9 AOW). Cohabitants who are not in one gezin count as single "
        "here; the AOW and the tax law would see them as partners."
    )

    def formula(persoon, period, parameters):
        alleen = persoon.gezin("aantal_volwassenen", period.last_month) == 1
        aow = persoon("bruto_aow_met_vakantiegeld", period, options=[ADD])
        return (
            persoon("heeft_aow_leeftijd_einde_jaar", period) & alleen & (aow > 0) & persoon.has_role(Gezin.VOLWASSENE)
        )


class heeft_recht_op_combinatiekorting(Variable):
    value_type = bool
    entity = Persoon
    definition_period = YEAR
    label = "Voldoet aan de voorwaarden van de IACK (art. 8.14a Wet IB 2001) behalve het inkomen"
    reference = WET_IB.format("8.14a")
    documentation = (
        "A volwassene whose gezin has a kind that is younger than 12 on 1 January (a child born during the year "
        "counts), and who has no partner in the gezin or has the lower arbeidsinkomen of the two (equal: the "
        "older partner). Simplified: the child's six months at the address, co-parenting and the fiscal partner "
        "(instead of the gezin) are not checked."
    )

    def formula(persoon, period, parameters):
        grens = parameters(period).inkomstenbelasting.inkomensafhankelijke_combinatiekorting.leeftijdsgrens_kind
        gezin = persoon.gezin
        leeftijd_1_januari = gezin.members("leeftijd", period.first_month)
        jong_kind = gezin.any(leeftijd_1_januari < grens, role=Gezin.KIND)
        arbeid = persoon("arbeidsinkomen", period)
        geboren = persoon("geboortedatum", period).astype("datetime64[D]").astype(numpy.int64)
        twee = gezin("aantal_volwassenen", period.last_month) == PAAR
        volwassene = persoon.has_role(Gezin.VOLWASSENE)
        arbeid_partner = gezin.sum(gezin.members("arbeidsinkomen", period), role=Gezin.VOLWASSENE) - arbeid
        geboren_partner = (
            gezin.sum(
                gezin.members("geboortedatum", period).astype("datetime64[D]").astype(numpy.int64),
                role=Gezin.VOLWASSENE,
            )
            - geboren
        )
        minstverdienend = (arbeid < arbeid_partner) | ((arbeid == arbeid_partner) & (geboren <= geboren_partner))
        return volwassene & jong_kind & (~twee | minstverdienend)
