"""Automatische toeslagen: the Belastingdienst/Toeslagen grants huurtoeslag, zorgtoeslag and kindgebonden budget
without an application where the income it has registered (two years back) gives a right.

The population run computes each toeslag with every income input taken from two years earlier (lag 2) and the
household, rent and insurance as they are now (known from the BRP, the landlord and the insurers), and sets
``<toeslag>_ambtshalve`` where that gives a right. The toeslag is settled on the actual income: a grant to a unit
that turns out not to be entitled is recovered (counted as wrongly granted); a unit whose income fell since still
has to apply.
"""

from openfisca_amsterdam.reform_helpers import NamedReform

DESCRIPTION = (
    "Huurtoeslag, zorgtoeslag and kindgebonden budget granted without application from registered income (two years "
    "back)"
)
BURDEN = (
    "removes up to three toeslag applications (income estimate, rent, household) for every unit granted automatically"
)
STEPS_REMOVED = 3
REGISTERED_INCOME = {"huurtoeslag": 2, "zorgtoeslag": 2, "kindgebonden_budget": 2}


class automatische_toeslagen(NamedReform):
    __doc__ = __doc__
    DESCRIPTION = DESCRIPTION
    BURDEN = BURDEN
    STEPS_REMOVED = STEPS_REMOVED
    REGISTERED_INCOME = REGISTERED_INCOME
