"""Income inputs of a person (euros per month). netto_inkomen and netto_arbeidsinkomen:
variables/inkomstenbelasting/netto_inkomen.py."""

from openfisca_core.model_api import MONTH, Variable, set_input_divide_by_period

from openfisca_amsterdam.entities import Persoon


class bruto_loon(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Bruto loon per maand"
    unit = "currency-EUR"
    set_input = set_input_divide_by_period
    documentation = (
        "Gross wage of the month, including holiday pay and other pay in the month it is paid (box 1, "
        "arbeidsinkomen). A yearly input is spread evenly over its months."
    )


class aanvullend_pensioen(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Bruto aanvullend pensioen per maand"
    unit = "currency-EUR"
    set_input = set_input_divide_by_period
    documentation = (
        "Gross supplementary (employer) pension of the month (box 1; not arbeidsinkomen; own Zvw bijdrage). A yearly "
        "input is spread evenly over its months."
    )


class giften(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Ontvangen giften en kostenbesparende bijdragen in de maand"
    unit = "currency-EUR"
    documentation = (
        "Money gifts and cost-saving contributions received, counted as income unless disregarded (art. 31 lid 2 "
        "onder m Pw)."
    )
