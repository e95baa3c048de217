"""Automatische Stadspas: the city grants the Stadspas without an application to every Amsterdam gezin whose
registered income qualifies, not only to bijstand recipients.

Registered income: what the city can know when it grants at the start of the year is the fiscal income of two
years before (the Belastingdienst's final assessment), one year older than the income the Stadspas rules test
(the previous year's). The population run therefore computes the Stadspas test with every income input taken from
one year earlier (lag 1) and sets ``stadspas_ambtshalve`` where that test is passed. A gezin reached that way
receives the pass (the city sends it), also when its current income no longer qualifies (wrongly granted); a gezin
whose income fell since still has to apply (still missed if it does not).
"""

from openfisca_amsterdam.reform_helpers import NamedReform

DESCRIPTION = (
    "Stadspas sent without application to every Amsterdam gezin whose registered income (two years back) is below the "
    "limit"
)
BURDEN = "removes the Stadspas application (form, income and asset evidence) for every gezin granted automatically"
STEPS_REMOVED = 1
REGISTERED_INCOME = {"stadspas": 1}


class automatische_stadspas(NamedReform):
    __doc__ = __doc__
    DESCRIPTION = DESCRIPTION
    BURDEN = BURDEN
    STEPS_REMOVED = STEPS_REMOVED
    REGISTERED_INCOME = REGISTERED_INCOME
