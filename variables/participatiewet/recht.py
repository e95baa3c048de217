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
        "False for a person under 18 (minors get no algemene bijstand of their own), for a foreigner without "
        "lawful residence under art. 8 onder a-e or l Vw 2000 (art. 11 lid 2; verblijf_geeft_aanspraak: his partner "
        "then gets bijstand as the partner of someone without a right, art. 24) and for a student "
        "younger than 27 (art. 13 lid 2 onder c: under 27 and following education with a right to "
        "studiefinanciering; is_student stands in for that right). Not covered: the other exclusions of "
        "art. 13 lid 1 (detention, abroad more than 4 weeks, ...) and lid 2 onder c 2 (could study with "
        "studiefinanciering but does not)."
    )

    def formula(persoon, period, parameters):
        pw = parameters(period).participatiewet
        leeftijd = persoon("leeftijd", period)
        student = persoon("is_student", period) & (leeftijd < pw.studenten_uitsluiting_leeftijd)
        # art. 11 lid 2: "Met een Nederlander wordt gelijkgesteld de in Nederland woonachtige vreemdeling die rechtmatig
        # verblijf houdt in de zin van artikel 8, onder a tot en met e en l, van de Vreemdelingenwet 2000"
        return (leeftijd >= pw.minimumleeftijd) & ~student & persoon("verblijf_geeft_aanspraak", period)


class aantal_rechthebbende_volwassenen(Variable):
    value_type = int
    entity = Gezin
    definition_period = MONTH
    label = "Aantal volwassenen in het gezin met recht op bijstand"

    def formula(gezin, period, parameters):
        return gezin.sum(gezin.members("heeft_recht_op_bijstand", period), role=Gezin.VOLWASSENE)
