"""Determinants of non-take-up shared by every scheme: the characteristics of a gezin (and of a huishouden: the mean
over its bewoners of their gezin's), whether it receives bijstand, and how much its income moved (the repayment risk
of the toeslagen).

Each coefficient is a parameter in ``parameters/niet_gebruik/determinanten/`` with its source (docs/takeup.md):
young (eldest adult under the age limit on 1 January), self-employed (profit in the year), single parent, and
income relative to the bijstandsnorm over the year.
"""

import numpy
from openfisca_core.model_api import ADD, YEAR, Variable

from openfisca_amsterdam.entities import Gezin, Huishouden, Persoon
from openfisca_amsterdam.formula_helpers import STABLE_DECIMALS, months_of, round_cents


class niet_gebruik_kenmerken(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = (
        "Bijdrage van de kenmerken van het gezin aan de log-odds van niet-gebruik (jong, zelfstandige, alleenstaande "
        "ouder, inkomen)"
    )

    def formula(gezin, period, parameters):
        d = parameters(period.start).niet_gebruik.determinanten
        januari = period.first_month
        volwassen = gezin.members.has_role(Gezin.VOLWASSENE)
        oudste = gezin.max(numpy.where(volwassen, gezin.members("leeftijd", januari), 0))
        alleenstaande_ouder = (gezin("aantal_volwassenen", januari) == 1) & gezin("heeft_kinderen", januari)
        zelfstandige = gezin.sum(gezin.members("winst_uit_onderneming", period)) > 0
        netto = sum(gezin("gezin_netto_inkomen", month) for month in months_of(period))
        norm = sum(gezin("bijstandsnorm", month) for month in months_of(period))
        inkomen = numpy.clip(netto / numpy.maximum(norm, 1), 0, d.inkomen_maximum)
        return (
            d.jong * (oudste < d.jong_tot_leeftijd)
            + d.zelfstandige * zelfstandige
            + d.alleenstaande_ouder * alleenstaande_ouder
            + d.inkomen * inkomen
        )


class huishouden_niet_gebruik_kenmerken(Variable):
    value_type = float
    entity = Huishouden
    definition_period = YEAR
    label = "Kenmerken voor niet-gebruik van het huishouden: het gemiddelde over de bewoners van die van hun gezin"
    documentation = (
        "Each bewoner carries the determinants of their gezin; the household takes the mean over its bewoners, so "
        "that the result does not depend on which bewoner is listed first (it used to be the first bewoner's gezin)."
    )

    def formula(huishouden, period, parameters):
        per_bewoner = huishouden.members.gezin("niet_gebruik_kenmerken", period)
        # rounded, so that the order of the bewoners (the order of the sum) changes no bit
        return numpy.round(huishouden.sum(per_bewoner) / huishouden.nb_persons(), STABLE_DECIMALS)


class ontvangt_bijstand(Variable):
    value_type = bool
    entity = Gezin
    definition_period = YEAR
    label = "Het gezin ontvangt in het jaar (in een of meer maanden) algemene bijstand"

    def formula(gezin, period, parameters):
        return sum(gezin("bijstand_ontvangen", month) for month in months_of(period)) > 0


class huishouden_ontvangt_bijstand(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = YEAR
    label = "Het gezin van de eerste bewoner ontvangt in het jaar algemene bijstand"

    def formula(huishouden, period, parameters):
        return huishouden.value_from_first_person(huishouden.members.gezin("ontvangt_bijstand", period))


def _schommeling(nu, vorig):
    # in whole cents, so that the order in which members are summed (rows in another order) changes no bit
    nu, vorig = round_cents(nu), round_cents(vorig)
    grootste = numpy.maximum(numpy.abs(nu), numpy.abs(vorig))
    return numpy.where(grootste > 0, numpy.abs(nu - vorig) / numpy.maximum(grootste, 1), 0.0)


class bruto_marktinkomen_per_jaar(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Bruto loon, aanvullend pensioen en winst uit onderneming in het jaar (de invoer, zonder regels)"
    unit = "currency-EUR"
    documentation = (
        "The income inputs summed over the year, without any rule (so it is computable for every year the inputs "
        "cover, also where the year's tax or AOW parameters are not): the income whose change the repayment risk "
        "measures."
    )

    def formula(persoon, period, parameters):
        return (
            persoon("bruto_loon", period, options=[ADD])
            + persoon("aanvullend_pensioen", period, options=[ADD])
            + persoon("winst_uit_onderneming", period)
        )


class inkomensschommeling(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Relatieve verandering van het bruto marktinkomen van de volwassenen ten opzichte van het vorige jaar (0-1)"
    documentation = (
        "|income - income of the previous year| / the larger of the two (0 when both are 0), on the adults' gross "
        "wages, pensions and profit: how far an advance on last year's income would miss, the repayment risk of the "
        "Awir toeslagen (docs/takeup.md#repayments). Not law: a determinant of the take-up model."
    )

    def formula(gezin, period, parameters):
        def inkomen(jaar):
            return gezin.sum(gezin.members("bruto_marktinkomen_per_jaar", jaar), role=Gezin.VOLWASSENE)

        return _schommeling(inkomen(period), inkomen(period.offset(-1)))


class huishouden_inkomensschommeling(Variable):
    value_type = float
    entity = Huishouden
    definition_period = YEAR
    label = "Relatieve verandering van het bruto marktinkomen van alle bewoners samen ten opzichte van het vorige jaar"
    documentation = (
        "As inkomensschommeling, on the income of every bewoner together (the huurtoeslag tests the household's "
        "income, partner and medebewoners included), so it does not depend on which bewoner comes first."
    )

    def formula(huishouden, period, parameters):
        def inkomen(jaar):
            return huishouden.sum(huishouden.members("bruto_marktinkomen_per_jaar", jaar))

        return _schommeling(inkomen(period), inkomen(period.offset(-1)))
