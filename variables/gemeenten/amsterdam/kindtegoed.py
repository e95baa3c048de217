"""Kindtegoed: a budget per child and school year on the child's Stadspas (Beleidsregels minimakinderen)."""

import numpy
from openfisca_core.model_api import YEAR, Variable

from openfisca_amsterdam.entities import Gezin
from openfisca_amsterdam.formula_helpers import AUGUST, calendar_month, select_needed, where_needed

#: The Kindtegoed amount of each age band (parameter kindtegoed.leeftijdsband gives the band number, 1 = the first).
KINDTEGOED_BANDEN = ("leeftijd_0_3", "leeftijd_4_9", "leeftijd_10_11", "leeftijd_12_17")


class stadspas_kindtegoed(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Kindtegoed op de Stadspas van de kinderen, voor het schooljaar dat in dit kalenderjaar begint (euro's)"
    unit = "currency-EUR"
    reference = "https://www.onderwijsconsument.nl/financiele-regelingen-voor-ouders-met-een-laag-inkomen-in-amsterdam-en-weesp/"
    documentation = (
        "Attribution: a school-year budget is attributed to the calendar year in which the school year starts "
        "(1 August): stadspas_kindtegoed of 2024 is the budget of school year 2024/25. The gezin's situation in "
        "August decides: amsterdam_minima_doelgroep_kinderen in August (income of the previous calendar year, "
        "children's limit) and each child's age on 1 August (leeftijd of the month August; the beleidsregel's own "
        "reference date was not found). Per child of the gezin aged 0-17: the band amount (0-3, 4-9, 10-11, 12-17; "
        "parameters kindtegoed/leeftijd_*), plus the voorschool supplement for a child of 2 or 3 whose schooltype in "
        "August is voorschool. Known: 2023/24 0-3 EUR 125 and voorschool +250; 2024/25 0-3 EUR 125 and 4-9 EUR 241. "
        "Every other band and school year raises NotCoveredError for a gezin that has a child in it. Not modelled: "
        "a child who gets the pass later in the school year, a child in a youth-care institution."
    )

    def formula(gezin, period, parameters):
        augustus = calendar_month(period, AUGUST)
        recht = gezin.members("is_kind_in_minimadoelgroep_in_augustus", period)
        tegoed = parameters(period.start).gemeenten.amsterdam.kindtegoed
        leeftijd = gezin.members("leeftijd", augustus)
        band = tegoed.leeftijdsband.calc(numpy.maximum(leeftijd, 0))
        basis = select_needed(
            [recht & (band == nummer) for nummer in range(1, len(KINDTEGOED_BANDEN) + 1)],
            [lambda naam=naam: tegoed[naam] for naam in KINDTEGOED_BANDEN],
        )
        soort = gezin.members("schooltype", augustus)  # an EnumArray: compare with its own possible_values
        voorschool_leeftijd = tegoed.voorschool_leeftijd.calc(numpy.maximum(leeftijd, 0)) > 0
        voorschool = recht & voorschool_leeftijd & (soort == soort.possible_values.voorschool)
        extra = where_needed(voorschool, lambda: tegoed.voorschool)
        return gezin.sum(numpy.asarray(basis) + numpy.asarray(extra))
