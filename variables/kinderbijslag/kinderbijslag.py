"""Kinderbijslag (Algemene Kinderbijslagwet, AKW), executed by the SVB per calendar quarter."""

import numpy
from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin, Persoon
from openfisca_amsterdam.formula_helpers import age_on, round_cents

AKW = "https://wetten.overheid.nl/BWBR0002368/2026-01-01"


def _quarter_start(period):
    month = period.start.month
    return period.start.offset(-((month - 1) % 3), "month")


class leeftijd_begin_kwartaal(Variable):
    value_type = int
    entity = Persoon
    definition_period = MONTH
    label = "Leeftijd op de eerste dag van het kalenderkwartaal waarin de maand valt (AKW)"
    reference = AKW

    def formula(persoon, period, parameters):
        eerste_dag = numpy.datetime64(_quarter_start(period).date, "D")
        return age_on(persoon("geboortedatum", period), eerste_dag)


class kinderbijslag_per_kind_per_kwartaal(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Kinderbijslag voor dit kind over het kwartaal waarin de maand valt (art. 7 en 12 AKW)"
    unit = "currency-EUR"
    reference = AKW
    documentation = (
        "For a child (role kinderen of a gezin) who is born before and younger than 18 on the first day of "
        "the quarter (art. 7 AKW: the situation on the first day of the quarter decides): the basisbedrag "
        "times 70% (0-5), 85% (6-11) or 100% (12-17) by the age on that day, rounded to cents. The amounts "
        "of the quarter's first month apply (indexation on 1 January and 1 July). Not modelled: the "
        "conditions for 16- and 17-year-olds (school or limited income), double kinderbijslag for a child "
        "living away from home, and children outside the gezin."
    )

    def formula(persoon, period, parameters):
        eerste_maand = period.this_year.first_month.offset(_quarter_start(period).month - 1)
        kb = parameters(eerste_maand).kinderbijslag
        leeftijd = persoon("leeftijd_begin_kwartaal", period)
        geboren = persoon("geboortedatum", period).astype("datetime64[D]") < numpy.datetime64(
            _quarter_start(period).date, "D"
        )
        is_kind = persoon.has_role(Gezin.KIND)
        recht = is_kind & geboren & (leeftijd < 18)
        return numpy.where(
            recht, round_cents(kb.basisbedrag * kb.leeftijdspercentage.calc(numpy.maximum(leeftijd, 0))), 0
        )


class kinderbijslag(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Kinderbijslag per maand: een derde van het kwartaalbedrag van alle kinderen van het gezin"
    unit = "currency-EUR"
    reference = AKW
    documentation = (
        "The SVB pays kinderbijslag per quarter, after the quarter. Here the quarter's amount is spread "
        "evenly over its three months and rounded to cents (a month may differ by a cent from a third of "
        "the payment). Entitlement, not receipt."
    )

    def formula(gezin, period, parameters):
        kwartaal = gezin.sum(gezin.members("kinderbijslag_per_kind_per_kwartaal", period), role=Gezin.KIND)
        return round_cents(kwartaal / 3)
