"""Inputs about the dwelling and the rent (Wet op de huurtoeslag)."""

from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Huishouden

WHT = "https://wetten.overheid.nl/BWBR0008659/2026-01-01"


class kale_huur(Variable):
    value_type = float
    entity = Huishouden
    definition_period = MONTH
    label = "Kale huur per maand (huurprijs zonder servicekosten)"
    unit = "currency-EUR"
    reference = WHT


class servicekosten(Variable):
    value_type = float
    entity = Huishouden
    definition_period = MONTH
    label = (
        "Subsidiabele servicekosten per maand (art. 5 lid 3 Wht tot 2026: energie en schoonmaak van "
        "gemeenschappelijke ruimten, huismeester, dienst- en recreatieruimten)"
    )
    unit = "currency-EUR"
    reference = WHT
    documentation = (
        "Only the four subsidiable items, summed; other service costs never count. From 2026 servicekosten no longer "
        "count at all."
    )


class is_zelfstandige_woonruimte(Variable):
    value_type = bool
    default_value = True
    entity = Huishouden
    definition_period = MONTH
    label = "Zelfstandige woonruimte (eigen toegang, keuken en toilet; art. 1 Wht)"
    reference = WHT


class is_aangepaste_woning(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = MONTH
    label = "Woning aangepast voor een bewoner met een handicap (uitzondering jongerengrens en 40%-deel, Wht)"
    reference = WHT


class is_huurwoning(Variable):
    value_type = bool
    default_value = True
    entity = Huishouden
    definition_period = MONTH
    label = "Het huishouden huurt de woning (geen eigenaar-bewoner)"
