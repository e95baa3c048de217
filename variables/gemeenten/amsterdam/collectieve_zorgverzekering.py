"""Collectieve zorgverzekering for Amsterdammers with a low income (Zilveren Kruis, AV Amsterdam)."""

from openfisca_core.model_api import ADD, MONTH, YEAR, Variable

from openfisca_amsterdam.entities import Gezin
from openfisca_amsterdam.formula_helpers import where_needed

ZK = "https://www.zilverenkruis.nl/consumenten/zorgverzekering/collectieve-zorgverzekering-via-gemeente-amsterdam"


class collectieve_zorgverzekering(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = (
        "Mag deelnemen aan de collectieve zorgverzekering van de gemeente Amsterdam (Zilveren Kruis Basis Zeker + AV "
        "Amsterdam)"
    )
    reference = ZK
    documentation = (
        "An Amsterdam gezin in amsterdam_minima_doelgroep (the shared test at the general percentage: 120% until 2022, "
        "130% from 2023). That this scheme uses the general test is presumed (O&S counts it among the minima schemes "
        "of the same target group); a scheme-specific limit was not found. Outside Amsterdam: false."
    )

    def formula(gezin, period, parameters):
        amsterdam = gezin("gezin_woont_in_amsterdam", period)
        return amsterdam & where_needed(
            amsterdam, lambda: gezin("amsterdam_minima_doelgroep", period), default=False
        ).astype(bool)


class collectieve_zorgverzekering_bijdrage(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = (
        "Bijdrage van de gemeente aan de premie van de aanvullende verzekering (AV Amsterdam 2/3) per maand, voor de "
        "volwassenen van het gezin"
    )
    unit = "currency-EUR"
    reference = "https://www.gezondverzekerd.nl/gemeente/amsterdam/passende-zorg/"
    documentation = (
        "For an eligible gezin (collectieve_zorgverzekering): the municipal contribution per insured adult "
        "(parameter collectieve_zorgverzekering/bijdrage_per_verzekerde: EUR 13.87 in 2022, the discount on AV "
        "Amsterdam 2 and 3) times the number of volwassenen. An entitlement: it assumes every adult takes the policy. "
        "Children are insured free and carry no contribution. AV Amsterdam 1 is made free; its premium was not found. "
        "2023-2026 not found: an eligible gezin raises NotCoveredError. The 2022 amount can only be used with a reform "
        "that supplies the income limits of income year 2021 (not found)."
    )

    def formula(gezin, period, parameters):
        recht = gezin("collectieve_zorgverzekering", period)
        bijdrage = parameters(period).gemeenten.amsterdam.collectieve_zorgverzekering
        return where_needed(recht, lambda: bijdrage.bijdrage_per_verzekerde * gezin("aantal_volwassenen", period))


class collectieve_zorgverzekering_per_jaar(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Bijdrage van de gemeente aan de collectieve zorgverzekering over het kalenderjaar"
    unit = "currency-EUR"
    reference = "https://www.gezondverzekerd.nl/gemeente/amsterdam/passende-zorg/"
    documentation = "The sum of collectieve_zorgverzekering_bijdrage over the twelve months."

    def formula(gezin, period, parameters):
        return gezin("collectieve_zorgverzekering_bijdrage", period, options=[ADD])
