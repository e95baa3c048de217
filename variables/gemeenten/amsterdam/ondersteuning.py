"""What Amsterdam's own schemes are worth to a gezin in a year: the sum of the municipal money schemes."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_amsterdam.entities import Gezin

#: The yearly euro value of each municipal scheme (the Stadspas and gratis OV are in kind and not valued:
#: the Stadspas's money value is its Kindtegoed, counted here on its own line).
GEMEENTELIJKE_REGELINGEN_PER_JAAR = (
    "stadspas_kindtegoed",
    "scholierenvergoeding",
    "individuele_inkomenstoeslag",
    "energietoeslag",
    "kwijtschelding_gemeentelijke_belastingen",
    "collectieve_zorgverzekering_per_jaar",
    "tegemoetkoming_meerkosten",
    "jongerentoeslag_per_jaar",
)


class gemeentelijke_ondersteuning_per_jaar(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Waarde per jaar van alle gemeentelijke (Amsterdamse) regelingen waarop het gezin recht heeft"
    unit = "currency-EUR"
    documentation = (
        "Sum of the yearly values in GEMEENTELIJKE_REGELINGEN_PER_JAAR (entitlements, not receipts). The Stadspas "
        "discounts and gratis OV are in kind and not valued. When one component is not covered for the year the "
        "total is not covered either (NotCoveredError): a partial sum would understate the support silently. The "
        "CLI shows every component on its own line."
    )

    def formula(gezin, period, parameters):
        return sum(gezin(name, period) for name in GEMEENTELIJKE_REGELINGEN_PER_JAAR)
