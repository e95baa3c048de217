"""Who lives in the dwelling, as the Wet op de huurtoeslag sees it (art. 1-2, 7, 8, 13 Wht)."""

import numpy
from openfisca_core.model_api import MONTH, YEAR, Variable

from openfisca_amsterdam.entities import Gezin, Huishouden, Persoon
from openfisca_amsterdam.formula_helpers import where_needed

WHT = "https://wetten.overheid.nl/BWBR0008659/2026-01-01"


class aantal_bewoners(Variable):
    value_type = int
    entity = Huishouden
    definition_period = MONTH
    label = "Aantal personen met hoofdverblijf in de woning"

    def formula(huishouden, period, parameters):
        return huishouden.nb_persons()


class is_meerpersoonshuishouden(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = MONTH
    label = "Meerpersoonshuishouden (art. 1 Wht): meer dan een bewoner"
    reference = WHT

    def formula(huishouden, period, parameters):
        return huishouden("aantal_bewoners", period) > 1


class is_ouderenhuishouden(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = MONTH
    label = (
        "Een bewoner (huurder, partner of medebewoner) had op 1 januari de pensioengerechtigde leeftijd bereikt (art. "
        "2 Wht, tot 2025)"
    )
    reference = WHT

    def formula(huishouden, period, parameters):
        return huishouden.any(huishouden.members("heeft_aow_leeftijd", period.this_year.first_month))


class is_inwonend_kind(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Kind van de huurder of zijn partner dat in de woning woont"
    documentation = (
        "Default: the person is in the role kinderen of a gezin. Set it for an adult child living at home (his own "
        "gezin)."
    )

    def formula(persoon, period, parameters):
        return persoon.has_role(Gezin.KIND)


class huurtoeslag_vrijgesteld_inkomen(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Deel van het toetsingsinkomen van een inwonend kind dat niet meetelt voor de huurtoeslag (art. 8 Wht)"
    unit = "currency-EUR"
    reference = WHT
    documentation = (
        "For a child living at home who is younger than 23 on 1 January, income up to the vrijstelling does not count "
        "in the rekeninkomen."
    )

    def formula(persoon, period, parameters):
        vrij = parameters(period).huurtoeslag.vrijgesteld_inkomen_kind
        januari = period.first_month
        jong = persoon("is_inwonend_kind", januari) & (persoon("leeftijd", januari) < vrij.leeftijd)
        inkomen = numpy.maximum(persoon("toetsingsinkomen", period), 0)
        return where_needed(jong, lambda: numpy.minimum(inkomen, vrij.bedrag))


class huurtoeslag_rekeninkomen(Variable):
    value_type = float
    entity = Huishouden
    definition_period = YEAR
    label = "Rekeninkomen (art. 8 Wht): toetsingsinkomen van de huurder, zijn partner en de medebewoners samen"
    unit = "currency-EUR"
    reference = WHT
    documentation = (
        "The toetsingsinkomen of every bewoner, minus the vrijgesteld inkomen of children under 23 living at home."
    )

    def formula(huishouden, period, parameters):
        inkomen = huishouden.members("toetsingsinkomen", period) - huishouden.members(
            "huurtoeslag_vrijgesteld_inkomen", period
        )
        return numpy.maximum(huishouden.sum(inkomen), 0)
