"""Zonder vermogenstoets: drop the bijstand asset test (art. 34 Pw), which the AIO and Amsterdam's minima schemes
share. The toeslagen keep their own (box 3) asset limits."""

from openfisca_amsterdam.reform_helpers import NamedReform

DESCRIPTION = "Drop the bijstand asset test (art. 34 Pw), also for the AIO and Amsterdam's minima schemes"
BURDEN = (
    "removes the asset evidence (bank statements, car, valuables) from the bijstand, AIO and municipal applications"
)
STEPS_REMOVED = 1


def _altijd(gezin, period, parameters):
    return gezin.filled_array(True)


VARIABLES = {"voldoet_aan_vermogenstoets_bijstand": _altijd}


class zonder_vermogenstoets(NamedReform):
    __doc__ = __doc__
    DESCRIPTION = DESCRIPTION
    BURDEN = BURDEN
    STEPS_REMOVED = STEPS_REMOVED
    VARIABLES = VARIABLES
