"""Assets of a person."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_amsterdam.entities import Persoon


class vermogen(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Vermogen op 1 januari"
    unit = "currency-EUR"
    documentation = (
        "Assets minus debts on 1 January of the year. Every asset test reads it, unless a scheme-specific "
        "input is given (e.g. eigen_woning_vermogen, the part that bijstand exempts)."
    )


class eigen_woning_vermogen(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Deel van het vermogen dat gebonden is in de eigen, bewoonde woning (overwaarde) op 1 januari"
    unit = "currency-EUR"
    documentation = (
        "Included in vermogen; the Participatiewet does not count it in the asset test (art. 34 lid 2 onder d)."
    )
