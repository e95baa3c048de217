"""Scholierenvergoeding: a declaration-based allowance per school-going child and school year."""

import numpy
from openfisca_core.model_api import YEAR, Variable

from openfisca_amsterdam.entities import Gezin, Persoon
from openfisca_amsterdam.formula_helpers import AUGUST, age_on, calendar_month, select_needed

#: "Op 30 september nog geen 18 jaar" (onderwijsconsument.nl, December 2023, describing the city's rule): month, day
PEILDATUM_LEEFTIJD = (9, 30)


class scholierenvergoeding_jonger_dan_18_op_peildatum(Variable):
    value_type = bool
    entity = Persoon
    definition_period = YEAR
    label = "Op 30 september van het schooljaar dat dit kalenderjaar begint nog geen 18 jaar (scholierenvergoeding)"
    reference = "https://www.onderwijsconsument.nl/financiele-regelingen-voor-ouders-met-een-laag-inkomen-in-amsterdam-en-weesp/"
    documentation = (
        "The age on the peildatum itself: someone whose 18th birthday is on 30 September is 18 on that day and is "
        "no longer younger than 18 (tests/law/grensdatums/schooljaar.yaml)."
    )

    def formula(persoon, period, parameters):
        maand, dag = PEILDATUM_LEEFTIJD
        peildatum = numpy.datetime64(f"{period.start.year}-{maand:02d}-{dag:02d}")
        meerderjarig = parameters(period.start).algemeen.meerderjarigheidsleeftijd
        return age_on(persoon("geboortedatum", calendar_month(period, AUGUST)), peildatum) < meerderjarig


class scholierenvergoeding(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = (
        "Scholierenvergoeding (maximum) voor de schoolgaande kinderen, voor het schooljaar dat in dit kalenderjaar "
        "begint (euro's)"
    )
    unit = "currency-EUR"
    reference = "https://repository.officiele-overheidspublicaties.nl/cvdr/CVDR645453/1/html/CVDR645453_1.html"
    documentation = (
        "Beleidsregels Participatie minimakinderen (CVDR645453, 2019) and their successors: per child and school "
        "year a maximum that the parents declare against. The school year is attributed to the calendar year in "
        "which it starts (1 August). The gezin must be in amsterdam_minima_doelgroep_kinderen in August; the child "
        "must be younger than 18 on 30 September and follow voorschool, basisschool or voortgezet onderwijs / mbo-bol "
        "(schooltype in August). The entitlement is the maximum, not what is declared. Status: the scheme existed in "
        "school years 2020/21-2022/23 (court case ECLI:NL:RBAMS:2022:6397; AT5 November 2022); no amount for 2022/23 "
        "or later was found, so an eligible child raises NotCoveredError; whether it was later folded into the "
        "Kindtegoed was not established (see docs/research/amsterdam_kinderen_zorg_ov.md). Not modelled: the "
        "reiskostenvergoeding."
    )

    def formula(gezin, period, parameters):
        augustus = calendar_month(period, AUGUST)
        recht = gezin.members("is_kind_in_minimadoelgroep_in_augustus", period)
        bedragen = parameters(period.start).gemeenten.amsterdam.scholierenvergoeding
        jonger_dan_18 = gezin.members("scholierenvergoeding_jonger_dan_18_op_peildatum", period)
        soort = gezin.members("schooltype", augustus)
        soorten = soort.possible_values  # the registered Schooltype enum
        kind = recht & jonger_dan_18
        bedrag = select_needed(
            [
                kind & (soort == soorten.voorschool),
                kind & (soort == soorten.basisschool),
                kind & ((soort == soorten.voortgezet) | (soort == soorten.mbo)),
            ],
            [lambda: bedragen.voorschool, lambda: bedragen.basisschool, lambda: bedragen.voortgezet_onderwijs],
        )
        return gezin.sum(bedrag)
