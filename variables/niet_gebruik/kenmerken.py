"""Determinants of non-take-up shared by every scheme: the characteristics of a gezin (and of a huishouden, which
takes those of the gezin of its first bewoner), and whether it receives bijstand.

Each coefficient is a parameter in ``parameters/niet_gebruik/determinanten/`` with its source (docs/takeup.md):
young (eldest adult under the age limit on 1 January), self-employed (profit in the year), single parent, and
income relative to the bijstandsnorm over the year.
"""

import numpy
from openfisca_core.model_api import YEAR, Variable

from openfisca_amsterdam.entities import Gezin, Huishouden
from openfisca_amsterdam.formula_helpers import months_of


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
    label = "Kenmerken voor niet-gebruik van het huishouden: die van het gezin van de eerste bewoner"

    def formula(huishouden, period, parameters):
        return huishouden.value_from_first_person(huishouden.members.gezin("niet_gebruik_kenmerken", period))


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
