"""Birth date and age.

Age convention (docs/conventions.md): a month's rules use the age in completed years on the
first day of that month. The month in which someone turns 21 (or 27, or 18) is therefore still
computed with the age before the birthday; the law itself changes the norm on the birthday and
a municipality pays that month pro rata per day.
"""

import numpy
from openfisca_core.model_api import ETERNITY, MONTH, Variable, date

from openfisca_amsterdam.entities import Persoon
from openfisca_amsterdam.formula_helpers import age_on, months_since_birth_month


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


class kalendermaanden_sinds_geboortemaand(Variable):
    value_type = int
    entity = Persoon
    definition_period = MONTH
    label = "Aantal kalendermaanden sinds de maand van geboorte (0 in de geboortemaand, 1 in de maand erna)"
    documentation = (
        "For rules that run 'from the calendar month after the month in which' a child is born or reaches an age "
        "(WKB art. 2 lid 1, 3 and 5; Wzt art. 1 onder c): born before this month is >= 1; age A reached in an "
        "earlier month is > 12 x A; the month of the 18th birthday is exactly 12 x 18."
    )

    def formula(persoon, period, parameters):
        return months_since_birth_month(persoon("geboortedatum", period), period.start.year, period.start.month)
