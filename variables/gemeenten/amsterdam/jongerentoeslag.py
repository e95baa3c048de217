"""Jongerentoeslag: Amsterdam's fixed supplement to the youth norm (art. 8 Beleidsregels bijzondere bijstand,
CVDR679865)."""

from openfisca_core.model_api import ADD, MONTH, YEAR, Variable

from openfisca_amsterdam.entities import Gezin
from openfisca_amsterdam.formula_helpers import select_needed, where_needed

CVDR = "https://repository.officiele-overheidspublicaties.nl/cvdr/CVDR679865/2/html/CVDR679865_2.html"


class jongerentoeslag(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = (
        "Jongerentoeslag (bijzondere bijstand, art. 12 en 35 Pw; art. 8 Beleidsregels bijzondere bijstand Amsterdam) "
        "per maand"
    )
    unit = "currency-EUR"
    reference = CVDR
    documentation = (
        "For an Amsterdam gezin that receives bijstand (bijstand > 0) with a volwassene of 18-20 (youth norm, art. 20 "
        "Pw) who cannot fall back on his parents (kan_niet_op_ouders_terugvallen, art. 12 Pw): a fixed share of the "
        "couple norm of art. 21 onder b Pw, by household type (single aged 18; single aged 19-20; couple). The shares "
        "of art. 8 could not be verified against the official text (only a machine-generated file gives 30% / 35% / "
        "20%): the parameters are null, so an eligible gezin raises NotCoveredError. From 2026 the national "
        "verhoging_jongerennorm (art. 20 lid 3 Pw) exists; whether Amsterdam kept art. 8 was not checked. Not "
        "modelled: the individual test of the costs above the youth norm."
    )

    def formula(gezin, period, parameters):
        leeftijd = gezin.members("leeftijd", period)
        jong = gezin.members("is_jongere_participatiewet", period) & gezin.members(
            "kan_niet_op_ouders_terugvallen", period
        )
        jongeren = gezin.sum(jong, role=Gezin.VOLWASSENE)
        jongste = gezin.min(leeftijd, role=Gezin.VOLWASSENE)
        nodig = gezin("gezin_woont_in_amsterdam", period) & (jongeren > 0)
        recht = nodig & where_needed(nodig, lambda: gezin("bijstand", period) > 0, default=False).astype(bool)
        single = gezin("aantal_volwassenen", period) == 1
        pw = parameters(period).participatiewet
        toeslag = parameters(period).gemeenten.amsterdam.jongerentoeslag
        achttien = jongste == pw.minimumleeftijd  # single aged 18, the youngest age with a youth norm
        return select_needed(
            [recht & single & achttien, recht & single & ~achttien, recht & ~single],
            [
                lambda: toeslag.alleenstaande_18 * pw.normen.gehuwden,
                lambda: toeslag.alleenstaande_19_20 * pw.normen.gehuwden,
                lambda: toeslag.gehuwden * pw.normen.gehuwden,
            ],
        )


class jongerentoeslag_per_jaar(Variable):
    value_type = float
    entity = Gezin
    definition_period = YEAR
    label = "Jongerentoeslag over het kalenderjaar"
    unit = "currency-EUR"
    reference = CVDR
    documentation = (
        "The sum of jongerentoeslag over the twelve months (not covered while the art. 8 shares are unverified)."
    )

    def formula(gezin, period, parameters):
        return gezin("jongerentoeslag", period, options=[ADD])
