"""Zonder kostendelersnorm: abolish art. 22a Participatiewet; every bijstand gezin gets its full norm whoever it
lives with. Only gezinnen that share a dwelling with kostendelers are affected."""

NAME = "zonder_kostendelersnorm"
DESCRIPTION = "Abolish the kostendelersnorm (art. 22a Pw): full bijstand norm regardless of housemates"
BURDEN = "removes the data items on housemates (who lives at the address, their age and status) from the bijstand application"
STEPS_REMOVED = 1


def _nooit(gezin, period, parameters):
    return gezin.filled_array(False)


VARIABLES = {"kostendelersnorm_van_toepassing": _nooit}
