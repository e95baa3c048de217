"""Stadspas (met groene stip) for Amsterdammers with a low income."""

from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin
from openfisca_amsterdam.formula_helpers import where_needed


class gezin_woont_in_amsterdam(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = "Het gezin woont in Amsterdam (de woning van het gezin)"

    def formula(gezin, period, parameters):
        return gezin.value_from_first_person(gezin.members.huishouden("woont_in_amsterdam", period))


class stadspas_automatisch(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = "Krijgt de Stadspas (groene stip) zonder aanvraag: het gezin ontvangt bijstand van de gemeente Amsterdam"
    documentation = (
        "The city sends the Stadspas to bijstand recipients without an application; the take-up layer uses this."
    )

    def formula(gezin, period, parameters):
        return gezin("gezin_woont_in_amsterdam", period) & (gezin("bijstand_ontvangen", period) > 0)


class stadspas(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = "Heeft recht op een Stadspas met groene stip"
    documentation = (
        "An Amsterdam gezin in the minima target group (amsterdam_minima_doelgroep: income of the previous "
        "year up to 120% of the social minimum until 2022 and 130% from 2023, assets up to the bijstand limit, "
        "or in debt counselling), or entitled to bijstand. Outside Amsterdam: never. Reads the bijstand entitlement, "
        "not its receipt, so the entitlement does not depend on the take-up draws (stadspas_automatisch does)."
    )

    def formula(gezin, period, parameters):
        amsterdam = gezin("gezin_woont_in_amsterdam", period)
        # only Amsterdam's gezinnen are tested, so Amsterdam's limits never block a household elsewhere
        recht = where_needed(
            amsterdam,
            lambda: (gezin("bijstand", period) > 0) | gezin("amsterdam_minima_doelgroep", period),
            default=False,
        )
        return amsterdam & recht.astype(bool)
