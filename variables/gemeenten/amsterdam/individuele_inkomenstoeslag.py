"""Individuele inkomenstoeslag (art. 36 Participatiewet) as Amsterdam grants it.

Verordening Individuele Inkomenstoeslag Participatiewet Amsterdam 2021 (CVDR460812/3) and the Beleidsregels Individuele
Inkomenstoeslag Amsterdam 2021 (CVDR656509/2).
"""

from openfisca_core.model_api import YEAR, Variable

from openfisca_amsterdam.entities import PAAR, Gezin
from openfisca_amsterdam.formula_helpers import select_by_enum, select_needed, where_needed

VERORDENING = "https://lokaleregelgeving.overheid.nl/CVDR460812/3"

#: The referteperiode: the three calendar years before the peildatum (31 December of the year before the
#: application), i.e. the years Y-3, Y-2 and Y-1 for an application in year Y (art. 1 onder c-d; NH Nieuws 2022:
#: an application in 2022 looks at 2019, 2020 and 2021).
REFERTEJAREN = (3, 2, 1)


class heeft_uitzicht_op_inkomensverbetering(Variable):
    value_type = bool
    entity = Gezin
    definition_period = YEAR
    label = (
        "Het gezin (de aanvrager of zijn partner) heeft uitzicht op inkomensverbetering (art. 36 lid 1 Pw; "
        "Beleidsregels IIT Amsterdam 2021 art. 2, 4-5)"
    )
    reference = "https://lokaleregelgeving.overheid.nl/CVDR656509/2"
    documentation = (
        "An input (default false): the college's judgement of the prospects of both partners; the model does not "
        "decide it."
    )


class individuele_inkomenstoeslag_jaarnorm(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = (
        "Bruto IOAW-jaarnorm van het jaar voor de gezinssituatie op de peildatum (art. 1 onder e, art. 4 lid 2 "
        "Verordening IIT Amsterdam 2021)"
    )
    unit = "currency-EUR"
    reference = VERORDENING
    documentation = (
        "Twelve times the national gross IOAW grondslag per month incl. vakantie-uitkering in force on 1 January "
        "of the "
        "year (Regeling vaststelling grondslagen IOAW): the gehuwden grondslag for a couple, the alleenstaande "
        "grondslag "
        "for a single person and a single parent (the IOAW has no separate single-parent grondslag and the "
        "ordinance no "
        "kostendelers category). The ordinance does not say how the 'bruto IOAW jaarnorm' of a year is computed; "
        "taking "
        "the 1 January amount is a modelling choice (see the parameter files). The household situation is the gezin's "
        "composition, which a simulation holds fixed (the ordinance takes it at the peildatum, art. 4 lid 2)."
    )

    def formula(gezin, period, parameters):
        norm = parameters(period.first_month).gemeenten.amsterdam.individuele_inkomenstoeslag.ioaw_bruto_jaarnorm
        # The peildatum (31 December of the year before the application) decides the household situation; the gezin
        # composition is fixed in a simulation, so the situation of January of this year is the same.
        gehuwd = gezin("aantal_volwassenen", period.first_month) == PAAR
        return 12 * select_needed([gehuwd, ~gehuwd], [lambda: norm.gehuwden, lambda: norm.alleenstaande])


class individuele_inkomenstoeslag_laag_inkomen(Variable):
    value_type = bool
    entity = Gezin
    definition_period = YEAR
    label = (
        "Langdurig laag inkomen voor de IIT: fiscaal gezinsinkomen ten hoogste 120% van de bruto IOAW-jaarnorm in elk "
        "van de drie jaren voor de peildatum (art. 1 onder c-e, art. 4 Verordening IIT)"
    )
    reference = VERORDENING
    documentation = (
        "For a claim in year Y: the volwassenen's gezamenlijk_toetsingsinkomen (the fiscal household income; an input "
        "overrides it) of each of Y-3, Y-2 and Y-1 is at most inkomensgrens_percentage x the bruto IOAW jaarnorm "
        "of that "
        "year. The income of the current partner counts in every year (the ordinance's 'als partner'); a change of "
        "partner within the referteperiode is not modelled."
    )

    def formula(gezin, period, parameters):
        pct = parameters(period.first_month).gemeenten.amsterdam.individuele_inkomenstoeslag.inkomensgrens_percentage
        laag = gezin.filled_array(True)
        for terug in REFERTEJAREN:
            jaar = period.offset(-terug)
            inkomen = gezin("gezamenlijk_toetsingsinkomen", jaar)
            laag = laag & (inkomen <= pct * gezin("individuele_inkomenstoeslag_jaarnorm", jaar))
        return laag


class individuele_inkomenstoeslag(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = (
        "Individuele inkomenstoeslag van de gemeente Amsterdam voor een aanvraag in het jaar (euro per jaar, eenmalig "
        "per jaar)"
    )
    unit = "currency-EUR"
    reference = VERORDENING
    documentation = (
        "Art. 36 Pw; Verordening IIT Amsterdam 2021 art. 1, 3-5. An Amsterdam gezin (the claim is taken to be made in "
        "January of the year: residence, age and debt counselling are read for that month) whose volwassenen are all "
        "21 or older and below AOW age, without prospect of income improvement "
        "(heeft_uitzicht_op_inkomensverbetering), "
        "and that EITHER had a low income in each of the three years before the peildatum "
        "(individuele_inkomenstoeslag_laag_inkomen) and assets within the bijstand limit on 1 January of the year (the "
        "day after the peildatum; amsterdam_voldoet_aan_vermogenstoets), OR is in debt counselling (in_schuldhulp, the "
        "city's route for a schuldregeling it designated). Amount set by the college for the year: alleenstaande, "
        "alleenstaande ouder or gehuwden (samen). Not modelled: the 'no IIT in the last 12 months' rule (one claim per "
        "year), a couple of whom only one partner qualifies (the model gives nothing; Weesp 2021 suggests the single "
        "amount), partial residence. Amounts are known for 2021 (single only) and 2022; 2023-2026 raise "
        "NotCoveredError. "
        "Outside Amsterdam: 0."
    )

    def formula_2021(gezin, period, parameters):
        januari = period.first_month
        amsterdam = gezin("gezin_woont_in_amsterdam", januari)

        def bedrag():
            leeftijd = gezin.members("leeftijd", januari)
            aow = gezin.members("heeft_aow_leeftijd", januari)
            volwassen = gezin.members.has_role(Gezin.VOLWASSENE)
            minimum = parameters(
                januari
            ).participatiewet.individuele_inkomenstoeslag_minimumleeftijd  # art. 36 lid 1 Pw
            te_jong_of_aow = gezin.any(volwassen & ((leeftijd < minimum) | aow))
            kan = amsterdam & ~te_jong_of_aow & ~gezin("heeft_uitzicht_op_inkomensverbetering", period)
            schuld = gezin("in_schuldhulp", januari)
            toets = kan & ~schuld
            laag = where_needed(
                toets, lambda: gezin("individuele_inkomenstoeslag_laag_inkomen", period), default=False
            ).astype(bool)
            vermogen = where_needed(
                toets & laag, lambda: gezin("amsterdam_voldoet_aan_vermogenstoets", januari), default=False
            ).astype(bool)
            recht = kan & (schuld | (laag & vermogen))
            p = parameters(januari).gemeenten.amsterdam.individuele_inkomenstoeslag.bedrag
            return select_by_enum(gezin("amsterdam_huishoudsituatie", januari), p, mask=recht)

        return where_needed(amsterdam, bedrag)
