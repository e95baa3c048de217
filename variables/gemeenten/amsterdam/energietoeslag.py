"""Eenmalige energietoeslag 2022 and 2023 as Amsterdam paid it.

Legal basis: Participatiewet art. 35 lid 4 (inserted for 2022 by the act of Kamerstuk 36057; extended to 2023 with the
exclusions of a new lid 5 by Stb. 2023, 329). The brief's 'art. 36b' does not match the stored law texts: the power
was given in art. 35 lid 4-5. Amsterdam: Beleidsregels eenmalige energietoeslag 2022 gemeente Amsterdam (CVDR676131).
"""

import numpy
from openfisca_core.model_api import YEAR, Variable

from openfisca_amsterdam.entities import Gezin
from openfisca_amsterdam.formula_helpers import where_needed

BELEIDSREGELS_2022 = "https://lokaleregelgeving.overheid.nl/CVDR676131/1"


def _volwassene_telt_mee(gezin, maand, minimumleeftijd, student_tot_leeftijd):
    """True for a gezin with at least one volwassene of 21 or older who is not an excluded student.

    A student (is_student) is excluded when younger than ``student_tot_leeftijd`` (None: at any age).
    """
    leeftijd = gezin.members("leeftijd", maand)
    student = gezin.members("is_student", maand)
    if student_tot_leeftijd is not None:
        student = student & (leeftijd < student_tot_leeftijd)
    telt = gezin.members.has_role(Gezin.VOLWASSENE) & (leeftijd >= minimumleeftijd) & ~student
    return gezin.any(telt)


class energietoeslag(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Eenmalige energietoeslag van de gemeente Amsterdam over het jaar (euro per jaar; alleen 2022 en 2023)"
    unit = "currency-EUR"
    reference = [BELEIDSREGELS_2022, "https://zoek.officielebekendmakingen.nl/stb-2023-329.html"]
    documentation = (
        "Categorial bijzondere bijstand (art. 35 lid 4 Pw, 2022 and 2023 only). An Amsterdam gezin (residence in "
        "January "
        "of the year) with a volwassene of 21 or older who is not an excluded student gets the year's amount when "
        "it is in "
        "Amsterdam's minima target group at the year's general percentage: the fiscal household income of the previous "
        "calendar year (the beleidsregels' referteperiode) up to 120% (2022) / 130% (2023) of the social minimum, "
        "assets "
        "within the bijstand limit on 1 January (the beleidsregels test 31 December of the previous year), or in debt "
        "counselling (minima_doelgroep in inkomenstoets.py). 2022: EUR 1,800 (200 + 600 + 1,000); a gezin with a low "
        "income but assets above the limit gets EUR 1,000 (the asset test was dropped in November 2022). 2023: EUR 800 "
        "(EUR 500 of the 2023 budget was paid in November 2022). Student exclusion: 2022 a student younger than 27 "
        "(Amsterdam), 2023 any student and 18-20-year-olds (art. 35 lid 5 Pw 2023). Not modelled: homelessness / "
        "briefadres, living in an institution, a toeslag received in another municipality, paying no energy costs, "
        "several gezinnen in one dwelling (the law gives one toeslag per household; here each gezin is tested). "
        "Limits: income year 2021 (for 2022) is not covered by Amsterdam's limit tables, so the 2022 income test "
        "raises "
        "NotCoveredError. Other years: 0, the scheme did not exist."
    )

    def formula_2022(gezin, period, parameters):
        grens = parameters(period.first_month).gemeenten.amsterdam.energietoeslag.student_uitgesloten_tot_leeftijd
        return _energietoeslag(gezin, period, parameters, student_tot_leeftijd=grens)

    def formula_2023(gezin, period, parameters):
        return _energietoeslag(gezin, period, parameters, student_tot_leeftijd=None)

    def formula_2024(gezin, period, parameters):
        # The power of art. 35 lid 4 Pw covered only the toeslag of 2022 and 2023.
        return gezin.filled_array(0.0)


def _energietoeslag(gezin, period, parameters, student_tot_leeftijd):
    januari = period.first_month
    amsterdam = gezin("gezin_woont_in_amsterdam", januari)

    def bedrag():
        minimumleeftijd = parameters(januari).gemeenten.amsterdam.energietoeslag.minimumleeftijd
        kan = amsterdam & _volwassene_telt_mee(gezin, januari, minimumleeftijd, student_tot_leeftijd)
        pct = 100 * parameters(januari).gemeenten.amsterdam.minima.percentage_algemeen
        schuld = gezin("in_schuldhulp", januari)
        toets = kan & ~schuld
        laag = where_needed(
            toets, lambda: gezin("inkomen_als_percentage_sociaal_minimum", januari) <= pct, default=False
        ).astype(bool)
        vermogen = where_needed(
            toets & laag, lambda: gezin("amsterdam_voldoet_aan_vermogenstoets", januari), default=False
        ).astype(bool)
        volledig = kan & (schuld | (laag & vermogen))
        zonder_vermogenstoets = toets & laag & ~vermogen
        p = parameters(januari).gemeenten.amsterdam.energietoeslag
        vol = where_needed(volledig, lambda: p.bedrag)
        return numpy.where(volledig, vol, where_needed(zonder_vermogenstoets, lambda: p.bedrag_zonder_vermogenstoets))

    return where_needed(amsterdam, bedrag)
