"""Situation inputs of a person that several Acts read."""

from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Persoon


class is_student(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Volgt onderwijs waarvoor studiefinanciering (WSF 2000) of een tegemoetkoming (WTOS) kan worden ontvangen"
    documentation = (
        "True when the person follows education that can give a right to studiefinanciering or a "
        "tegemoetkoming under the WTOS. Such a person is no kostendeler (art. 19a lid 1 onder d Pw) and, "
        "when younger than 27, has no right to algemene bijstand (art. 13 lid 2 onder c Pw)."
    )


class is_commerciele_huurder_of_verhuurder(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = (
        "Woont op basis van een schriftelijke commerciele (onder)huur- of kostgangersrelatie met een ander in de woning"
    )
    documentation = (
        "Such a person is no kostendeler (art. 19a lid 1 onder b-c Pw); not possible between close relatives."
    )


class kan_niet_op_ouders_terugvallen(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Jongere van 18-20 die niet op de ouders kan terugvallen (art. 20 lid 3 Pw, vanaf 2026)"
    documentation = (
        "Decided by the college (e.g. no contact with the parents, parents cannot provide). Raises the youth norm "
        "from 2026."
    )


class verblijft_tijdelijk_elders_voor_mantelzorg(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = (
        "Heeft tijdelijk zijn hoofdverblijf in de woning van een ander om mantelzorg te geven bij een intensieve "
        "zorgbehoefte (art. 22a lid 4 Pw, vanaf 2026)"
    )
    documentation = (
        "From 2026-01-01 the kostendelersnorm does not apply to such a belanghebbende (Participatiewet in balans)."
    )
