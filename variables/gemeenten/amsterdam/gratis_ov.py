"""Gratis openbaar vervoer voor AOW'ers met een laag inkomen (Beleidsregels Vervoersvoorzieningen voor
minimaouderen)."""

from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin
from openfisca_amsterdam.formula_helpers import where_needed


class gratis_ov_aow(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = (
        "Reist gratis met GVB (en Connexxion/EBS binnen Amsterdam): een volwassene met AOW-leeftijd in een gezin met "
        "laag inkomen en weinig vermogen"
    )
    reference = "http://www.at5.nl/artikelen/184386/"
    documentation = (
        "True for an Amsterdam gezin with a volwassene who has AOW age (heeft_aow_leeftijd) and that has the Stadspas "
        "groene stip (stadspas: the shared minima test, or bijstand). The Beleidsregels Vervoersvoorzieningen voor "
        "minimaouderen (name from the HvA model) were not found: their income limit is unknown and the Stadspas test "
        "is a proxy. The scheme's existence is a parameter (gratis_ov/regeling_van_kracht, 2022-2025). Not valued: "
        "no euro value of the free travel was found, so there is no gratis_ov_aow_per_jaar. Outside Amsterdam: false."
    )

    def formula(gezin, period, parameters):
        van_kracht = parameters(period).gemeenten.amsterdam.gratis_ov.regeling_van_kracht
        aow = gezin.any(gezin.members("heeft_aow_leeftijd", period), role=Gezin.VOLWASSENE)
        nodig = gezin("gezin_woont_in_amsterdam", period) & aow & van_kracht
        return nodig & where_needed(nodig, lambda: gezin("stadspas", period), default=False).astype(bool)
