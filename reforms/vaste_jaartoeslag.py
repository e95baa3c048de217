"""Vaste jaartoeslag: the toeslagen advance is final ("vang schommelingen op", Een (on)zeker bestaan in de stad).

Huurtoeslag, zorgtoeslag and the kindgebonden budget are granted for the year on the estimated income, as now, but
are no longer settled afterwards: no recovery when the income turns out higher, no back-payment when it turns out
lower (``niet_gebruik.aanvraaglast.terugvordering`` false). Two effects, both computed:

* the fear of repaying no longer deters a claim: the ``terugvorderingsrisico`` determinant drops out of these schemes'
  take-up (docs/takeup.md#claim-cost);
* the state forgoes the net recoveries: ``repayments.csv`` gives, per scenario, ``net_recovered_eur`` (repaid minus
  paid afterwards); under this reform it is 0, so the budget effect of the settlement is the baseline's value.

The money the rules compute is the entitlement on the year's own income; the advance differs from it by the
settlement above, so `comparison.csv` shows the take-up effect and `repayments.csv` the settlement effect. Amsterdam's
pilot of automatic settlement for about 300 people combining bijstand with earnings is not modelled separately.
"""

from openfisca_amsterdam.reform_helpers import NamedReform

TOESLAGEN = ("huurtoeslag", "zorgtoeslag", "kindgebonden_budget")
DESCRIPTION = "The toeslagen advance on the estimated income is final: no recovery, no back-payment afterwards"
BURDEN = "removes the settlement afterwards (and the risk of repaying) for every toeslag recipient"
STEPS_REMOVED = 1
PARAMETERS = {f"niet_gebruik.aanvraaglast.terugvordering.{name}": {"2022-01-01": False} for name in TOESLAGEN}


class vaste_jaartoeslag(NamedReform):
    __doc__ = __doc__
    DESCRIPTION = DESCRIPTION
    BURDEN = BURDEN
    STEPS_REMOVED = STEPS_REMOVED
    PARAMETERS = PARAMETERS
