"""Pensioengerechtigde leeftijd (art. 7a AOW).

The AOW age of a calendar year applies to whoever reaches it in that year: someone born on
1955-08-15 reaches 66y4m (the 2021 age) on 2021-12-15 and so has AOW age from then, although
the 2022 age (66y7m) would only be reached in March 2022.

The month in which the age is reached (docs/conventions.md section 3.2): the AOW "gaat in op de dag waarop de
belanghebbende aan de voorwaarden ... voldoet" (art. 16 lid 1 AOW), so that month pays the part from that day on
(``aow_deel_van_maand``, calendar days). ``heeft_aow_leeftijd`` (the Participatiewet norms, the AIO, the toeslagen)
is true for a month when the date is on or before its first day.
"""

import numpy
from openfisca_core.model_api import MONTH, Variable, date

from openfisca_amsterdam.entities import Persoon
from openfisca_amsterdam.formula_helpers import add_months

#: Calendar years whose AOW age is looked up; a person reaching AOW age before the first of
#: them has AOW age throughout the covered period (the exact earlier date is not computed).
FIRST_YEAR, LAST_YEAR = 2021, 2031


class datum_pensioengerechtigde_leeftijd(Variable):
    value_type = date
    entity = Persoon
    definition_period = MONTH
    label = "Datum waarop de pensioengerechtigde leeftijd wordt bereikt (art. 7a AOW)"
    reference = "https://wetten.overheid.nl/BWBR0002221/2026-01-01#HoofdstukIII_Paragraaf1_Artikel7a"
    documentation = (
        "Before 2021 the date is computed with the 2021 age (only 'before 2022' matters for the covered "
        "years). For someone who reaches AOW age after 2031 the age is not yet set by law: NaT. "
        "The date does not depend on the month asked (OpenFisca formulas cannot run on ETERNITY)."
    )

    def formula(persoon, period, parameters):
        # the date does not depend on the month: reuse a month already computed in this simulation (a population
        # run asks for 12-48 months; this formula was a third of its time)
        holder = persoon.get_holder("datum_pensioengerechtigde_leeftijd")
        for known in holder.get_known_periods():
            return holder.get_array(known)
        birth = persoon("geboortedatum", period).astype("datetime64[D]")
        result = numpy.full(birth.shape, numpy.datetime64("NaT"), dtype="datetime64[D]")
        assigned = numpy.zeros(birth.shape, dtype=bool)
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            months = parameters(f"{year}-01-01").aow.pensioengerechtigde_leeftijd
            reached = add_months(birth, months)
            in_or_before_year = reached <= numpy.datetime64(f"{year}-12-31")
            take = in_or_before_year & ~assigned
            result = numpy.where(take, reached, result)
            assigned |= take
        return result


class heeft_aow_leeftijd(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Heeft op de eerste dag van de maand de pensioengerechtigde leeftijd bereikt"
    reference = "https://wetten.overheid.nl/BWBR0002221/2026-01-01#HoofdstukIII_Paragraaf1_Artikel7a"

    def formula(persoon, period, parameters):
        reached = persoon("datum_pensioengerechtigde_leeftijd", period).astype("datetime64[D]")
        return reached <= numpy.datetime64(period.start.date, "D")


class aow_deel_van_maand(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Deel van de maand vanaf de dag waarop de pensioengerechtigde leeftijd wordt bereikt (art. 16 lid 1 AOW)"
    reference = "https://wetten.overheid.nl/BWBR0002221/2025-01-01#HoofdstukIII_Paragraaf1_Artikel16"
    documentation = (
        "Art. 16 lid 1 AOW: 'Het ouderdomspensioen gaat in op de dag waarop de belanghebbende aan de voorwaarden "
        "voor het recht op ouderdomspensioen voldoet' (in this wording since 1 April 2012; Kamerstukken II 32 846 "
        "nr. 3: 'met ingang van de dag waarop de belanghebbende die leeftijd bereikt'). 1 for a month whose first "
        "day is on or after that date, 0 before the month in which it is reached, and in that month X / Y: X the "
        "calendar days of the month from that day on (the day included), Y the days of the month. The law does not "
        "say how the SVB pays the part-month; the X/Y calendar-day factor is the one art. 11 lid 2 AOW prescribes "
        "for the same month (the income limit of the partner supplement), adopted here for the pension itself "
        "(docs/conventions.md section 3.2)."
    )

    def formula(persoon, period, parameters):
        reached = persoon("datum_pensioengerechtigde_leeftijd", period).astype("datetime64[D]")
        first = numpy.datetime64(period.start.date, "D")
        after = numpy.datetime64(period.offset(1, "month").start.date, "D")
        known = ~numpy.isnat(reached)
        start = numpy.where(known, numpy.maximum(reached, first), after)  # NaT: AOW age not set by law (after 2031)
        days = (after - start).astype(int)
        return numpy.clip(days, 0, None) / (after - first).astype(int)
