"""Kostendelende medebewoners (art. 19a Pw) and the number of kostendelers A (art. 22a Pw)."""

import numpy
from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin, Huishouden, Persoon
from openfisca_amsterdam.formula_helpers import check_gezin_in_one_huishouden


class kostendelersnorm_leeftijdsgrens(Variable):
    value_type = int
    entity = Huishouden
    definition_period = MONTH
    label = "Leeftijd vanaf welke een medebewoner kostendeler is (art. 19a lid 1 Pw)"
    reference = "https://wetten.overheid.nl/BWBR0015703/2026-01-01#Hoofdstuk3_Paragraaf3.2_Artikel19a"
    documentation = (
        "21 until 2022, 27 from 2023-01-01 by law. A municipality that applied another age "
        "(gemeentelijke_kostendelers_leeftijdsgrens, e.g. Amsterdam 27 from 2022-10-01) replaces it."
    )

    def formula(huishouden, period, parameters):
        wettelijk = parameters(period).participatiewet.kostendelersnorm.leeftijdsgrens
        gemeentelijk = huishouden("gemeentelijke_kostendelers_leeftijdsgrens", period)
        return numpy.where(gemeentelijk > 0, gemeentelijk, wettelijk)


class is_kostendeler(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Telt als kostendeler in de woning (art. 19a lid 1 Pw)"
    reference = "https://wetten.overheid.nl/BWBR0015703/2026-01-01#Hoofdstuk3_Paragraaf3.2_Artikel19a"
    documentation = (
        "A person who has his main residence in the dwelling and has reached the age limit "
        "(kostendelersnorm_leeftijdsgrens), unless he follows education with a right to studiefinanciering "
        "or WTOS (is_student) or lives there on a commercial basis (is_commerciele_huurder_of_verhuurder)."
    )

    def formula(persoon, period, parameters):
        grens = persoon.huishouden("kostendelersnorm_leeftijdsgrens", period)
        return (
            (persoon("leeftijd", period) >= grens)
            & ~persoon("is_student", period)
            & ~persoon("is_commerciele_huurder_of_verhuurder", period)
        )


class aantal_kostendelers(Variable):
    value_type = int
    entity = Huishouden
    definition_period = MONTH
    label = "Aantal personen in de woning dat als kostendeler telt (art. 19a Pw)"
    reference = "https://wetten.overheid.nl/BWBR0015703/2026-01-01#Hoofdstuk3_Paragraaf3.2_Artikel19a"

    def formula(huishouden, period, parameters):
        return huishouden.sum(huishouden.members("is_kostendeler", period))


class aantal_kostendelende_medebewoners(Variable):
    value_type = int
    entity = Gezin
    definition_period = MONTH
    label = "Kostendelers in de woning die niet tot het gezin behoren"

    def formula(gezin, period, parameters):
        check_gezin_in_one_huishouden(gezin)
        in_woning = gezin.value_from_first_person(gezin.members.huishouden("aantal_kostendelers", period))
        in_gezin = gezin.sum(gezin.members("is_kostendeler", period), role=Gezin.VOLWASSENE)
        return in_woning - in_gezin


class kostendelers_a(Variable):
    value_type = int
    entity = Gezin
    definition_period = MONTH
    label = (
        "A in art. 22a Pw: de kostendelende medebewoners plus de belanghebbende en zijn echtgenoot van 21 jaar of ouder"
    )
    reference = "https://wetten.overheid.nl/BWBR0015703/2026-01-01#Hoofdstuk3_Paragraaf3.2_Artikel22a"
    documentation = (
        "A partner of 18-20 is not counted in A; his part of the norm is the fixed amount of art. 22a lid 3."
    )

    def formula(gezin, period, parameters):
        grens = parameters(period).participatiewet.jongerennorm_tot_leeftijd  # "van 21 jaar of ouder" (art. 22a lid 1)
        volwassen = gezin.sum(gezin.members("leeftijd", period) >= grens, role=Gezin.VOLWASSENE)
        return gezin("aantal_kostendelende_medebewoners", period) + volwassen
