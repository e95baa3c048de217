"""Een aanvraag: one application for Amsterdam's minima schemes.

A gezin claims the Stadspas, its Kindtegoed, the scholierenvergoeding, the individuele inkomenstoeslag, the
collectieve zorgverzekering, the tegemoetkoming meerkosten, gratis OV for AOW'ers, the jongerentoeslag, the
energietoeslag and kwijtschelding of municipal taxes with one form, one set of evidence and one decision, instead of
one application each. The law's entitlements do not change; what changes is the burden of claiming: each of these
schemes loses its own application (``niet_gebruik.aanvraaglast.eigen_aanvraag``), which lowers its log-odds of
non-take-up by the ``eigen_aanvraag`` determinant (central 0.3, range 0.1-0.6: docs/takeup.md#claim-cost). The
national schemes (bijstand, AIO, toeslagen, kinderbijslag) keep their own applications.
"""

from openfisca_amsterdam.reform_helpers import NamedReform

#: The city's minima schemes that the one application covers (the ``Scheme`` names of the take-up layer).
GEMEENTELIJKE_REGELINGEN = (
    "stadspas",
    "stadspas_kindtegoed",
    "scholierenvergoeding",
    "individuele_inkomenstoeslag",
    "collectieve_zorgverzekering",
    "tegemoetkoming_meerkosten",
    "gratis_ov_aow",
    "jongerentoeslag",
    "energietoeslag",
    "kwijtschelding_gemeentelijke_belastingen",
)

DESCRIPTION = "One application (one form, one set of evidence, one decision) for all of Amsterdam's minima schemes"
BURDEN = (
    "removes the separate application of each of Amsterdam's ten minima schemes: a gezin entitled to several files "
    "one form instead of one per scheme"
)
STEPS_REMOVED = len(GEMEENTELIJKE_REGELINGEN) - 1
PARAMETERS = {
    f"niet_gebruik.aanvraaglast.eigen_aanvraag.{name}": {"2022-01-01": False} for name in GEMEENTELIJKE_REGELINGEN
}


class een_aanvraag(NamedReform):
    __doc__ = __doc__
    DESCRIPTION = DESCRIPTION
    BURDEN = BURDEN
    STEPS_REMOVED = STEPS_REMOVED
    PARAMETERS = PARAMETERS
