"""Zonder kostendelersnorm: abolish art. 22a Participatiewet; every bijstand gezin gets its full norm whoever it
lives with. Only gezinnen that share a dwelling with kostendelers are affected."""

from openfisca_amsterdam.reform_helpers import NamedReform

DESCRIPTION = "Abolish the kostendelersnorm (art. 22a Pw): full bijstand norm regardless of housemates"
BURDEN = (
    "removes the data items on housemates (who lives at the address, their age and status) from the bijstand "
    "application"
)
STEPS_REMOVED = 1


def _nooit(gezin, period, parameters):
    return gezin.filled_array(False)


VARIABLES = {"kostendelersnorm_van_toepassing": _nooit}


class zonder_kostendelersnorm(NamedReform):
    __doc__ = __doc__
    DESCRIPTION = DESCRIPTION
    BURDEN = BURDEN
    STEPS_REMOVED = STEPS_REMOVED
    VARIABLES = VARIABLES
