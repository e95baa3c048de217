"""Survey weights of a population run: how many households of the city one simulated household stands for.

Not law: a population's weights, set from the microdata (column ``gewicht``) or by the calibration of the
synthetic population. In the household calculator every weight is 1. ``Microsimulation.weights`` reads these.
"""

from openfisca_core.model_api import YEAR, Variable

from openfisca_amsterdam.entities import Gezin, Huishouden, Persoon


class huishouden_gewicht(Variable):
    value_type = float
    default_value = 1.0
    entity = Huishouden
    definition_period = YEAR
    label = "Gewicht van het huishouden in de populatie (aantal huishoudens waarvoor het staat)"


class gezin_gewicht(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Gewicht van het gezin: dat van zijn huishouden"

    def formula(gezin, period, parameters):
        return gezin.value_from_first_person(gezin.members.huishouden("huishouden_gewicht", period))


class persoon_gewicht(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Gewicht van de persoon: dat van zijn huishouden"

    def formula(persoon, period, parameters):
        return persoon.huishouden("huishouden_gewicht", period)
