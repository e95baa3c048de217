"""Automatische AIO: the SVB grants the AIO without an application to every AOW-age gezin with an AOW gap whose
registered income gives a right to it.

The SVB pays the AOW and knows the insured years; it can read other income from the Polisadministratie. The
population run computes the AIO with every income input taken from two years earlier (lag 2: the income the
government has registered) and sets ``aio_ambtshalve`` where that gives a right. The AIO is then paid on the actual
income (a grant to a gezin that turns out not to be entitled is recovered and counted as wrongly granted).
"""

from openfisca_amsterdam.reform_helpers import NamedReform

DESCRIPTION = (
    "AIO granted by the SVB without application to AOW-age gezinnen whose registered income (two years back) gives a "
    "right"
)
BURDEN = "removes the AIO application (form, income, assets, stays abroad) for every gezin granted automatically"
STEPS_REMOVED = 1
REGISTERED_INCOME = {"aio": 2}


class automatische_aio(NamedReform):
    __doc__ = __doc__
    DESCRIPTION = DESCRIPTION
    BURDEN = BURDEN
    STEPS_REMOVED = STEPS_REMOVED
    REGISTERED_INCOME = REGISTERED_INCOME
