"""The municipality a household lives in, and the dispatch of municipal policy choices that national
law delegates to the college (Participatiewet art. 8, 35-36; the gemeentelijke minimaregelingen).

National variables never name a municipality. Where the law leaves a choice to the college, the
national formula reads a `gemeentelijke_*` variable defined here, which selects the policy of the
household's gemeente (0 / absent = the national default). Adding a municipality: parameters under
`parameters/gemeenten/<naam>/`, variables under `variables/gemeenten/<naam>/` (a `woont_in_<naam>`
variable and the policy values), and one branch in each `gemeentelijke_*` dispatcher below
(docs/gemeenten.md).
"""

from openfisca_core.model_api import MONTH, Variable, set_input_dispatch_by_period

from openfisca_amsterdam.entities import Gezin, Huishouden
from openfisca_amsterdam.formula_helpers import check_gemeentecodes, select_needed


class gemeente(Variable):
    value_type = str
    max_length = 6
    default_value = "GM0363"
    entity = Huishouden
    definition_period = MONTH
    set_input = set_input_dispatch_by_period  # a value given for a year holds in each of its months
    label = "CBS-gemeentecode van de woning (GMdddd); standaard GM0363 (Amsterdam)"
    documentation = (
        "Any valid CBS code GMdddd is accepted; only Amsterdam's policy is modelled (Weesp, GM0457, counts as "
        "Amsterdam from the merger of 2022-03-24)."
    )


class gemeente_is_geldig(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = MONTH
    label = "De gemeentecode is een CBS-code GMdddd (anders een foutmelding die de code noemt)"

    def formula(huishouden, period, parameters):
        check_gemeentecodes(huishouden("gemeente", period))
        return huishouden.filled_array(True)


class gemeentelijke_kostendelers_leeftijdsgrens(Variable):
    value_type = int
    entity = Huishouden
    definition_period = MONTH
    label = "Leeftijdsgrens voor kostendelers die de gemeente hanteert, als die afwijkt van de wet (0 = de wettelijke)"

    def formula(huishouden, period, parameters):
        return select_needed(
            [huishouden("woont_in_amsterdam", period)],
            [lambda: huishouden("amsterdam_kostendelers_leeftijdsgrens", period)],
        )


class gemeentelijke_giftenvrijlating_per_jaar(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = (
        "Giften die de gemeente per kalenderjaar vrijlaat onder art. 31 lid 2 onder m Pw zoals dat tot 2026 luidde (0 "
        "= geen beleid gemodelleerd)"
    )
    unit = "currency-EUR"

    def formula(gezin, period, parameters):
        amsterdam = gezin.value_from_first_person(gezin.members.huishouden("woont_in_amsterdam", period))
        return select_needed([amsterdam], [lambda: gezin("amsterdam_giftenvrijlating_per_jaar", period)])
