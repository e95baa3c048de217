"""Net income per month: the month's gross box-1 income minus the loonheffing and Zvw bijdrage withheld
on it (computed at a yearly rate, as the monthly tables do).

Both variables keep their role as inputs: a value given for a month overrides the formula (OpenFisca
does not run a formula for a period that has an input). bijstand and AIO read netto_inkomen; nothing
here reads bijstand or AIO, so there is no cycle.
"""

import numpy
from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Persoon
from openfisca_amsterdam.formula_helpers import where_needed


def _arbeid_maand(persoon, period):
    """Gross income from work in the month: wage plus a twelfth of the year's profit."""
    return persoon("bruto_loon", period) + persoon("winst_uit_onderneming", period.this_year) / 12


def _bruto_maand(persoon, period):
    """(gross box-1 income of the month, the part of it from work)."""
    arbeid = _arbeid_maand(persoon, period)
    return arbeid + persoon("aanvullend_pensioen", period) + persoon("bruto_aow_met_vakantiegeld", period), arbeid


class netto_inkomen(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Netto inkomen per maand dat voor bijstand en AIO meetelt (art. 32 Participatiewet)"
    unit = "currency-EUR"
    reference = "https://wetten.overheid.nl/BWBR0015703/2026-01-01#Hoofdstuk3_Paragraaf3.4_Artikel32"
    documentation = (
        "Net wage + net AOW (with the vakantiegeld accrued in the month) + net pension + net profit (a twelfth of "
        "the year's winst_uit_onderneming): the month's gross income minus inhouding_per_maand, the loonheffing and "
        "Zvw bijdrage on that income taken at a yearly rate, as the monthly loonheffing tables do. Never negative. "
        "The final yearly tax (inkomstenbelasting) can differ when income varies over the year. An input for a "
        "month overrides the formula."
    )

    def formula(persoon, period, parameters):
        bruto, _ = _bruto_maand(persoon, period)
        return numpy.maximum(bruto - persoon("inhouding_per_maand", period), 0)


class netto_arbeidsinkomen(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Netto inkomsten uit arbeid per maand (deel van netto_inkomen)"
    unit = "currency-EUR"
    documentation = (
        "The part of netto_inkomen that comes from work (wage and profit), in proportion to the month's gross income; "
        "the earnings disregards of art. 31 lid 2 Pw apply to it. Reads netto_inkomen, so a netto_inkomen given as "
        "input is split the same way (with no gross wage entered, nothing counts as work). An input overrides it."
    )

    def formula(persoon, period, parameters):
        arbeid = _arbeid_maand(persoon, period)

        def netto_arbeid():
            bruto, _ = _bruto_maand(persoon, period)
            deel = numpy.clip(arbeid / numpy.where(bruto > 0, bruto, 1), 0, 1)
            return numpy.where(bruto > 0, persoon("netto_inkomen", period) * deel, 0)

        return where_needed(arbeid > 0, netto_arbeid)
