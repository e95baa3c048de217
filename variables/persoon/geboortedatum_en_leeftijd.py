"""Birth date and age.

Age convention (docs/conventions.md): a month's rules use the age in completed years on the
first day of that month. The month in which someone turns 21 (or 27, or 18) is therefore still
computed with the age before the birthday; the law itself changes the norm on the birthday and
a municipality pays that month pro rata per day.
"""

import numpy
from openfisca_core.model_api import ETERNITY, MONTH, Variable, date

from openfisca_amsterdam.entities import Persoon
from openfisca_amsterdam.formula_helpers import age_on


class geboortedatum(Variable):
    value_type = date
    default_value = date(1970, 1, 1)
    entity = Persoon
    definition_period = ETERNITY
    label = "Geboortedatum"
    documentation = "Required for every person: the CLI and the situation builder refuse a person without it."


class leeftijd(Variable):
    value_type = int
    entity = Persoon
    definition_period = MONTH
    label = "Leeftijd in jaren op de eerste dag van de maand"

    def formula(persoon, period, parameters):
        first_day = numpy.datetime64(period.start.date, "D")
        return age_on(persoon("geboortedatum", period), first_day)
