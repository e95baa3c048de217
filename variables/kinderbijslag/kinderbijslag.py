"""Kinderbijslag (Algemene Kinderbijslagwet, AKW), executed by the SVB per calendar quarter."""

import numpy
from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin, Persoon
from openfisca_amsterdam.formula_helpers import MONTHS_PER_QUARTER, age_on, quarter_start, round_cents

AKW = "https://wetten.overheid.nl/BWBR0002368/2026-01-01"
#: The SVB, "Begindatum en einddatum kinderbijslag en kindgebonden budget verschillen": "Alleen als uw kind is geboren
#: op de eerste dag van een kwartaal, krijgt u al kinderbijslag voor datzelfde kwartaal."
SVB_BEGIN_EINDE = "http://www.svb.nl/int/nl/kinderbijslag/kinderbijslag_voor_kind/kindgebonden_budget/begin_en_eind/"


def _quarter_start(period):
    return quarter_start(period.start.year, period.start.month)


class leeftijd_begin_kwartaal(Variable):
    value_type = int
    entity = Persoon
    definition_period = MONTH
    label = "Leeftijd op de eerste dag van het kalenderkwartaal waarin de maand valt (AKW)"
    reference = AKW

    def formula(persoon, period, parameters):
        return age_on(persoon("geboortedatum", period), _quarter_start(period))


class kinderbijslag_per_kind_per_kwartaal(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Kinderbijslag voor dit kind over het kwartaal waarin de maand valt (art. 7 en 12 AKW)"
    unit = "currency-EUR"
    reference = AKW
    documentation = (
        "For a child (role kinderen of a gezin) who is born on or before and younger than 18 on the first day "
        "of the quarter (art. 7 AKW: the situation on the first day of the quarter decides; the SVB: a child born on "
        "1 April counts for the second quarter, one born on 2 April from the third): the basisbedrag "
        "times 70% (0-5), 85% (6-11) or 100% (12-17) by the age on that day, rounded to cents. The amounts "
        "of the quarter's first month apply (indexation on 1 January and 1 July). Not modelled: the "
        "conditions for 16- and 17-year-olds (school or limited income), double kinderbijslag for a child "
        "living away from home, and children outside the gezin."
    )

    def formula(persoon, period, parameters):
        eerste_dag = _quarter_start(period)
        kb = parameters(str(eerste_dag)).kinderbijslag
        leeftijd = persoon("leeftijd_begin_kwartaal", period)
        # art. 7 AKW: the situation on the first day of the quarter; a child born on that day counts (SVB)
        geboren = persoon("geboortedatum", period).astype("datetime64[D]") <= eerste_dag
        percentage = kb.leeftijdspercentage.calc(numpy.maximum(leeftijd, 0))  # 0 from 18 (art. 7 lid 1, 12 lid 2)
        recht = persoon.has_role(Gezin.KIND) & geboren
        return numpy.where(recht, round_cents(kb.basisbedrag * percentage), 0)


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
        "the payment). Entitlement, not receipt. A parent must be a verzekerde on the quarter's first day: a "
        "foreigner without residence under art. 8 onder a-e or l Vw 2000 is not (art. 6 lid 2 AKW, "
        "verblijf_geeft_aanspraak of the quarter's first month)."
    )

    def formula(gezin, period, parameters):
        kwartaal = gezin.sum(gezin.members("kinderbijslag_per_kind_per_kwartaal", period), role=Gezin.KIND)
        eerste_maand = period.offset(-((period.start.month - 1) % MONTHS_PER_QUARTER), "month")
        verzekerd = gezin("gezin_heeft_aanvrager_met_aanspraak", eerste_maand)
        return round_cents(numpy.where(verzekerd, kwartaal, 0) / MONTHS_PER_QUARTER)
