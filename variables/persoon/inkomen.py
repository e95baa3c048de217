"""Income inputs of a person (euros per month)."""

from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Persoon


class bruto_loon(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Bruto loon per maand"
    unit = "currency-EUR"


class aanvullend_pensioen(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Bruto aanvullend pensioen per maand"
    unit = "currency-EUR"


class netto_inkomen(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Netto inkomen per maand dat voor bijstand en AIO meetelt (art. 32 Participatiewet)"
    unit = "currency-EUR"
    documentation = (
        "For now an input (default 0): the net income counted for bijstand/AIO, including net wage, "
        "net AOW and net pension. A later release computes it from gross income; an input keeps overriding it."
    )


class netto_arbeidsinkomen(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Netto inkomsten uit arbeid per maand (deel van netto_inkomen)"
    unit = "currency-EUR"
    documentation = "The part of netto_inkomen that comes from work; the earnings disregards of art. 31 lid 2 Pw apply to it."


class giften(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Ontvangen giften en kostenbesparende bijdragen in de maand"
    unit = "currency-EUR"
    documentation = "Money gifts and cost-saving contributions received, counted as income unless disregarded (art. 31 lid 2 onder m Pw)."
