"""Who is a jongere for the Participatiewet: 18, 19 or 20 (art. 13 lid 1 onder f and art. 20 Pw)."""

from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin, Persoon

PW = "https://wetten.overheid.nl/BWBR0015703/2026-01-01"


class is_jongere_participatiewet(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "18, 19 of 20 jaar: de jongerennormen van art. 20 Pw gelden"
    reference = f"{PW}#Hoofdstuk3_Paragraaf3.2_Artikel20"
    documentation = (
        "At least participatiewet.minimumleeftijd (18: below it no right to bijstand, art. 13 lid 1 onder f) and "
        "younger than participatiewet.jongerennorm_tot_leeftijd (21: art. 20 applies to 'belanghebbenden jonger dan "
        "21 jaar'). Age on the first day of the month (docs/conventions.md)."
    )

    def formula(persoon, period, parameters):
        pw = parameters(period).participatiewet
        leeftijd = persoon("leeftijd", period)
        return (leeftijd >= pw.minimumleeftijd) & (leeftijd < pw.jongerennorm_tot_leeftijd)


class aantal_jonge_volwassenen(Variable):
    value_type = int
    entity = Gezin
    definition_period = MONTH
    label = "Aantal volwassenen van 18, 19 of 20 jaar in het gezin (art. 20 Pw)"
    reference = f"{PW}#Hoofdstuk3_Paragraaf3.2_Artikel20"

    def formula(gezin, period, parameters):
        return gezin.sum(gezin.members("is_jongere_participatiewet", period), role=Gezin.VOLWASSENE)
