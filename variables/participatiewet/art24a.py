"""Art. 24a Participatiewet (from 2026): the norm of a belanghebbende whose partner has no right to bijstand, with a
child, raised by a twelfth of the kindgebonden budget's amount for a parent without a partner."""

from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import Gezin
from openfisca_amsterdam.formula_helpers import MONTHS_PER_YEAR, round_cents, where_needed

PW_2026 = "https://wetten.overheid.nl/BWBR0015703/2026-01-01"


class verhoging_art24a(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Ophoging van de norm bij een partner zonder recht op bijstand en een kind (art. 24a Pw, vanaf 2026)"
    unit = "currency-EUR"
    reference = f"{PW_2026}#Artikel24a"
    documentation = (
        "Art. 24a (text 2026-01-01; not in the texts of 2022-2025): 'De norm wordt opgehoogd met 1/12 van het bedrag "
        "genoemd in artikel 2, zesde lid, van de Wet op het kindgebonden budget voor de belanghebbende, die a. een "
        "rechtmatig in Nederland verblijvend, ten laste komend kind heeft; b. een partner heeft, als bedoeld in "
        "artikel 3 van de Algemene wet inkomensafhankelijke regelingen; c. op basis van deze wet wordt aangemerkt als "
        "gehuwd, maar van wie de partner geen recht heeft op algemene bijstand.' The gezin's partner stands in for "
        "the toeslagpartner (b); a kind of the gezin with heeft_rechtmatig_verblijf for the child (a); is_art24_gezin "
        "for (c). The amount of art. 2 lid 6 WKB (EUR 3,416 in 2026) before the reduction of art. 3 lid 6a WKB, a "
        "twelfth rounded to cents. 0 before 2026."
    )

    def formula_2026_01(gezin, period, parameters):
        kind = gezin.members.has_role(Gezin.KIND) & gezin.members("heeft_rechtmatig_verblijf", period)
        recht = gezin("is_art24_gezin", period) & gezin.any(kind)
        wkb = parameters(period).kindgebonden_budget
        return where_needed(recht, lambda: round_cents(wkb.alleenstaande_ouderkop / MONTHS_PER_YEAR))
