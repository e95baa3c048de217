"""Who has a right to algemene bijstand (art. 11 and 13 Pw)."""

from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin, Persoon


class heeft_recht_op_bijstand(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Kan recht op algemene bijstand hebben (art. 11 en 13 Pw)"
    reference = "https://wetten.overheid.nl/BWBR0015703/2026-01-01#Hoofdstuk2_Paragraaf2.2_Artikel13"
    documentation = (
        "False for a person under 18 (art. 13 lid 3: minors get no algemene bijstand of their own) and for "
        "a person who follows education that can give a right to studiefinanciering or WTOS (art. 13 lid 2 "
        "onder c). Not covered: the other exclusions of art. 13 lid 1 (detention, abroad, ...)."
    )

    def formula(persoon, period, parameters):
        return (persoon("leeftijd", period) >= 18) & ~persoon("is_student", period)


class aantal_rechthebbende_volwassenen(Variable):
    value_type = int
    entity = Gezin
    definition_period = MONTH
    label = "Aantal volwassenen in het gezin met recht op bijstand"

    def formula(gezin, period, parameters):
        return gezin.sum(gezin.members("heeft_recht_op_bijstand", period), role=Gezin.VOLWASSENE)
