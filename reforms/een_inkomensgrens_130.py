"""Een inkomensgrens: one income threshold (130% of the social minimum) for all of Amsterdam's schemes.

The children's schemes use the general target group (130%, not 150%), and the individuele inkomenstoeslag tests
130% (not 120%) of the gross IOAW norm. A household then meets one income test instead of three.
"""

from openfisca_amsterdam.reform_helpers import NamedReform

DESCRIPTION = (
    "One income threshold, 130% of the social minimum, for every Amsterdam scheme (children's schemes and IIT included)"
)
BURDEN = "one income test instead of three (general 130%, children 150%, IIT 120% over three years): two tests fewer"
STEPS_REMOVED = 2
PARAMETERS = {"gemeenten.amsterdam.individuele_inkomenstoeslag.inkomensgrens_percentage": {"2021-01-01": 1.3}}


def _kinderen_algemene_doelgroep(gezin, period, parameters):
    """Children's schemes: an Amsterdam gezin with children in the general target group."""
    return (
        gezin("gezin_woont_in_amsterdam", period)
        & gezin("heeft_kinderen", period)
        & gezin("amsterdam_minima_doelgroep", period)
    )


VARIABLES = {"amsterdam_minima_doelgroep_kinderen": _kinderen_algemene_doelgroep}


class een_inkomensgrens_130(NamedReform):
    __doc__ = __doc__
    DESCRIPTION = DESCRIPTION
    BURDEN = BURDEN
    STEPS_REMOVED = STEPS_REMOVED
    PARAMETERS = PARAMETERS
    VARIABLES = VARIABLES
