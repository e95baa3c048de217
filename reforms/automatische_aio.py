"""Automatische AIO: the SVB grants the AIO without an application to every AOW-age gezin with an AOW gap whose
registered income gives a right to it.

The SVB pays the AOW and knows the insured years; it can read wages, benefits and pensions from the
Polisadministratie. It does not know assets, nor profit from an own business (neither is in the Polisadministratie;
the SVB's own pilot, the Tijdelijke regeling pilot gerichte bevordering gebruik AIO, BWBR0047166, estimates income from
the Polisadministratie only): in its view they are 0 (``UNKNOWN_TO_BODY``). The population run computes the AIO with
every income input taken from two years earlier (lag 2: the income the government has registered) and sets
``aio_ambtshalve`` where that gives a right. A gezin whose assets or profit exclude it is granted and counted as
wrongly granted. The AIO is then paid on the actual
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
UNKNOWN_TO_BODY = {"aio": ("vermogen", "winst_uit_onderneming")}


class automatische_aio(NamedReform):
    __doc__ = __doc__
    DESCRIPTION = DESCRIPTION
    BURDEN = BURDEN
    STEPS_REMOVED = STEPS_REMOVED
    REGISTERED_INCOME = REGISTERED_INCOME
    UNKNOWN_TO_BODY = UNKNOWN_TO_BODY
