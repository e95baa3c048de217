"""Amsterdam's children's schemes (kindregelingen): the higher income limit and the school type input.

The Stadspas for children, the Kindtegoed, sport/culture and the laptop/tablet use the shared
income and asset test of ``inkomenstoets.py`` at the children's percentage: 120% of the social
minimum until 2022, 130% from January 2023 and 150% from 1 June 2023 (school years 2023/24 and
2024/25, per the city as quoted in the press). Only a gezin with children qualifies.
"""

from openfisca_core.model_api import MONTH, YEAR, Enum, Variable, set_input_dispatch_by_period

from openfisca_amsterdam.entities import Gezin, Persoon
from openfisca_amsterdam.formula_helpers import AUGUST, calendar_month, select_by_enum, where_needed

PERS_150 = "https://www.amsterdamsdagblad.nl/gemeente/tegemoetkoming-kosten-voor-school-en-sport-voor-meer-amsterdamse-kinderen-beschikbaar"


class Schooltype(Enum):
    geen = "Gaat niet naar school of voorschool"
    voorschool = "Voorschool (peuter van 2 of 3 jaar)"
    basisschool = "Basisonderwijs (ook speciaal basisonderwijs)"
    voortgezet = "Voortgezet onderwijs (ook praktijkonderwijs en voortgezet speciaal onderwijs)"
    mbo = "Middelbaar beroepsonderwijs, beroepsopleidende leerweg (bol)"


class schooltype(Variable):
    value_type = Enum
    possible_values = Schooltype
    default_value = Schooltype.geen
    entity = Persoon
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Soort onderwijs dat het kind volgt (voor Kindtegoed voorschool en scholierenvergoeding)"
    documentation = (
        "Input. The children's schemes read it for August, the first month of the school year; a yearly input is "
        "copied to every month."
    )


class amsterdam_minima_doelgroep_kinderen(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = (
        "Het gezin met kinderen behoort tot de doelgroep van de Amsterdamse kindregelingen (inkomen tot 150% van het "
        "sociaal minimum vanaf 1 juni 2023)"
    )
    reference = PERS_150
    documentation = (
        "An Amsterdam gezin with at least one minor child that passes Amsterdam's shared test (minima_doelgroep in "
        "inkomenstoets.py: fiscal household income of the previous calendar year, bijstand asset limit, or debt "
        "counselling) at the children's percentage (parameters minima/percentage_kinderen: 120% in 2022, 130% from "
        "2023-01, 150% from 2023-06-01). From 2025 (income year 2024) the city's euro limits for the child schemes "
        "(minima/inkomensgrens_kinderen: single parent 37,750, couple 41,950; HvA model) are used instead of the "
        "derived 150/130 x the adult limit. Outside Amsterdam or without children: false. Not modelled: a child in "
        "a youth-care institution, the Voedselbank route, the kinderbijslag condition."
    )

    def formula(gezin, period, parameters):
        nodig = gezin("gezin_woont_in_amsterdam", period) & gezin("heeft_kinderen", period)

        def toets():
            laag = gezin("inkomen_als_percentage_sociaal_minimum", period) <= gezin(
                "amsterdam_kinderen_grenspercentage", period
            )
            return gezin("in_schuldhulp", period) | (laag & gezin("amsterdam_voldoet_aan_vermogenstoets", period))

        return nodig & where_needed(nodig, toets, default=False).astype(bool)


class amsterdam_kinderen_grenspercentage(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Inkomensgrens van de kindregelingen als percentage van het sociaal minimum voor de huishoudsituatie"
    unit = "/100"
    reference = PERS_150
    documentation = (
        "Until 2024 the policy percentage minima/percentage_kinderen (x 100). From 2025 (income year 2024) the city's "
        "published euro limit for the gezin's situation (alleenstaande ouder or gehuwden) as a percentage of "
        "amsterdam_sociaal_minimum_peiljaar."
    )

    def formula(gezin, period, parameters):
        return gezin.filled_array(100 * parameters(period).gemeenten.amsterdam.minima.percentage_kinderen)

    def formula_2025_01(gezin, period, parameters):
        peiljaar = period.this_year.offset(-1)
        grens = parameters(peiljaar.first_month).gemeenten.amsterdam.minima.inkomensgrens_kinderen
        # a gezin with children is an alleenstaande ouder or gehuwden: the two limits the city publishes
        euro = select_by_enum(gezin("amsterdam_huishoudsituatie", period), grens, mask=gezin("heeft_kinderen", period))
        return 100 * euro / gezin("amsterdam_sociaal_minimum_peiljaar", period)


class is_kind_in_minimadoelgroep_in_augustus(Variable):
    value_type = bool
    entity = Persoon
    definition_period = YEAR
    label = (
        "Kind van een gezin dat in augustus (begin van het schooljaar dat dit jaar begint) tot de doelgroep van de "
        "kindregelingen behoort"
    )
    reference = PERS_150
    documentation = "The school-year schemes (Kindtegoed, scholierenvergoeding) decide in August."

    def formula(persoon, period, parameters):
        augustus = calendar_month(period, AUGUST)
        doelgroep = persoon.gezin("amsterdam_minima_doelgroep_kinderen", augustus)
        return doelgroep & persoon.has_role(Gezin.KIND)
