"""The norms of the Participatiewet: art. 20 (18-20), 21 (21 to AOW age), 22 (AOW age), 22a
(kostendelersnorm), 24 (partner without a right) and the vakantietoeslag of art. 19 lid 3."""

import numpy
from openfisca_core.model_api import MONTH, Variable

from openfisca_amsterdam.entities import PAAR, Gezin
from openfisca_amsterdam.formula_helpers import round_cents, select_needed

PW = "https://wetten.overheid.nl/BWBR0015703/2026-01-01"


class basisnorm(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Norm van art. 20, 21 of 22 Pw voor het gezin, incl. vakantietoeslag, zonder kostendelersnorm"
    unit = "currency-EUR"
    reference = [
        f"{PW}#Hoofdstuk3_Paragraaf3.2_Artikel20",
        f"{PW}#Hoofdstuk3_Paragraaf3.2_Artikel21",
        f"{PW}#Hoofdstuk3_Paragraaf3.2_Artikel22",
    ]
    documentation = (
        "Art. 22 when a volwassene has reached AOW age (onder a single, onder b/c couple: one amount); "
        "otherwise art. 21 (both 21+) or art. 20 (a volwassene of 18-20), by household type and children. "
        "A couple of an AOW-age partner and a partner of 18-20 gets art. 20 lid 1/2 onder c (literal reading)."
    )

    def formula(gezin, period, parameters):
        normen = parameters(period).participatiewet.normen
        aow = gezin("is_pensioengerechtigd_gezin", period)
        n = gezin("aantal_volwassenen", period)
        kinderen = gezin("heeft_kinderen", period)
        jong = gezin("aantal_jonge_volwassenen", period)
        single, couple = (n == 1) & ~aow, (n == PAAR) & ~aow
        # A couple of one partner at AOW age and one of 18-20: art. 22 onder c only covers a partner
        # of 21 or older, so the literal reading gives art. 20 lid 1/2 onder c ("de andere echtgenoot
        # 21 jaar of ouder", no upper age). An SZW decision table uses lid 2 onder c in both cases;
        # its author flags that as doubtful. See docs/regelingen/participatiewet.md.
        een_jong = (n == PAAR) & (jong == 1)
        return select_needed(
            [
                aow & (n == 1),
                aow & (n == PAAR) & (jong == 0),
                single & (jong == 0),
                single & (jong == 1) & ~kinderen,
                single & (jong == 1) & kinderen,
                couple & (jong == 0),
                couple & (jong == PAAR) & ~kinderen,
                couple & (jong == PAAR) & kinderen,
                een_jong & ~kinderen,
                een_jong & kinderen,
            ],
            [
                lambda: normen.alleenstaande_pensioengerechtigd,
                lambda: normen.gehuwden_pensioengerechtigd,
                lambda: normen.alleenstaande,
                lambda: normen.jongeren_alleenstaande,
                lambda: normen.jongeren_alleenstaande_ouder,
                lambda: normen.gehuwden,
                lambda: normen.jongeren_gehuwden,
                lambda: normen.jongeren_gehuwden_met_kinderen,
                lambda: normen.jongeren_gehuwden_een_21_plus,
                lambda: normen.jongeren_gehuwden_een_21_plus_met_kinderen,
            ],
        )


class kostendelersnorm_per_persoon(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Kostendelersnorm per belanghebbende: (40% + A x 30%) / A x B (art. 22a lid 1 Pw), incl. vakantietoeslag"
    unit = "currency-EUR"
    reference = f"{PW}#Hoofdstuk3_Paragraaf3.2_Artikel22a"
    documentation = (
        "A = kostendelers_a; B = the couple norm of art. 21 onder b, or of art. 22 onder b for a gezin at "
        "AOW age. Rounded half up to cents. Only meaningful when there is a kostendelende medebewoner."
    )

    def formula(gezin, period, parameters):
        pw = parameters(period).participatiewet
        kdn = pw.kostendelersnorm
        a = numpy.maximum(gezin("kostendelers_a", period), 1)
        b = numpy.where(
            gezin("is_pensioengerechtigd_gezin", period),
            pw.normen.gehuwden_pensioengerechtigd,
            pw.normen.gehuwden,
        )
        return round_cents((kdn.basispercentage + a * kdn.percentage_per_kostendeler) / a * b)


class kostendelersnorm_van_toepassing(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = "De kostendelersnorm (art. 22a Pw) is van toepassing"
    reference = f"{PW}#Hoofdstuk3_Paragraaf3.2_Artikel22a"
    documentation = (
        "When a kostendelende medebewoner lives in the dwelling and the gezin's norm is not a youth norm "
        "of art. 20 for every volwassene (art. 22a lid 1 applies to a belanghebbende of 21 or older)."
    )

    def formula(gezin, period, parameters):
        """Art. 22a lid 1: a kostendelende medebewoner, and a belanghebbende of 21 or older."""
        return (gezin("aantal_kostendelende_medebewoners", period) > 0) & (
            gezin("aantal_jonge_volwassenen", period) < gezin("aantal_volwassenen", period)
        )

    def formula_2026_01(gezin, period, parameters):
        """Art. 22a lid 4 (Participatiewet in balans): not for a belanghebbende who temporarily lives
        elsewhere to give mantelzorg for an intensive care need."""
        mantelzorg = gezin.any(
            gezin.members("verblijft_tijdelijk_elders_voor_mantelzorg", period), role=Gezin.VOLWASSENE
        )
        return kostendelersnorm_van_toepassing.formula(gezin, period, parameters) & ~mantelzorg


class gezinsnorm(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Norm voor het gezin als alle volwassenen recht op bijstand hebben (art. 20-22a Pw), incl. vakantietoeslag"
    unit = "currency-EUR"
    reference = [f"{PW}#Hoofdstuk3_Paragraaf3.2_Artikel20", f"{PW}#Hoofdstuk3_Paragraaf3.2_Artikel22a"]
    documentation = (
        "basisnorm, replaced by the kostendelersnorm when it applies (a single: the norm per person; a "
        "couple: the sum of both partners' norms, art. 22a lid 2; a couple with one partner of 18-20: the "
        "older partner's norm plus the amount of art. 22a lid 3), plus the 2026 verhoging of art. 20 lid 3. "
        "Also 'de bijstandsnorm voor gehuwden' against which art. 32 lid 3 tests a non-entitled partner's income."
    )

    def formula(gezin, period, parameters):
        pw = parameters(period).participatiewet
        n = gezin("aantal_volwassenen", period)
        jong = gezin("aantal_jonge_volwassenen", period)
        kinderen = gezin("heeft_kinderen", period)
        per_persoon = gezin("kostendelersnorm_per_persoon", period)
        kdn = gezin("kostendelersnorm_van_toepassing", period)
        norm = select_needed(
            [
                kdn & (n == 1),
                kdn & (n == PAAR) & (jong == 0),
                kdn & (n == PAAR) & (jong == 1) & ~kinderen,
                kdn & (n == PAAR) & (jong == 1) & kinderen,
                ~kdn,
            ],
            [
                lambda: per_persoon,
                lambda: PAAR * per_persoon,
                lambda: per_persoon + pw.kostendelersnorm.jonge_partner,
                lambda: per_persoon + pw.kostendelersnorm.jonge_partner_met_kinderen,
                lambda: gezin("basisnorm", period),
            ],
        )
        return norm + gezin("verhoging_jongerennorm", period)


class is_art24_gezin(Variable):
    value_type = bool
    entity = Gezin
    definition_period = MONTH
    label = "Gehuwden van wie een echtgenoot geen recht op algemene bijstand heeft (art. 24 en 32 lid 3 Pw)"
    reference = f"{PW}#Hoofdstuk3_Paragraaf3.2_Artikel24"

    def formula(gezin, period, parameters):
        return (gezin("aantal_volwassenen", period) == PAAR) & (gezin("aantal_rechthebbende_volwassenen", period) == 1)


class bijstandsnorm(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Toepasselijke bijstandsnorm per maand incl. vakantietoeslag, na jongerennorm en kostendelersnorm"
    unit = "currency-EUR"
    reference = [
        f"{PW}#Hoofdstuk3_Paragraaf3.2_Artikel20",
        f"{PW}#Hoofdstuk3_Paragraaf3.2_Artikel22a",
        f"{PW}#Hoofdstuk3_Paragraaf3.2_Artikel24",
    ]
    documentation = (
        "gezinsnorm; 0 when no volwassene has a right to bijstand (art. 13). When only one of two partners "
        "has a right (art. 24): 50% of the couple norm for two entitled partners of the entitled partner's "
        "age, if he is 21 or older without kostendelende medebewoners or younger than 21; an entitled partner "
        "of 21 or older with kostendelers gets his own kostendelersnorm (art. 22a); from 2026 that norm is raised "
        "by verhoging_art24a when there is a lawfully resident child (art. 24a)."
    )

    def formula(gezin, period, parameters):
        pw = parameters(period).participatiewet
        normen = pw.normen
        recht = gezin.members("heeft_recht_op_bijstand", period)
        jong = gezin.members("is_jongere_participatiewet", period)
        r_jong = gezin.sum(recht & jong, role=Gezin.VOLWASSENE) > 0
        r_aow = gezin.sum(recht & gezin.members("heeft_aow_leeftijd", period), role=Gezin.VOLWASSENE) > 0
        kinderen = gezin("heeft_kinderen", period)
        art24 = gezin("is_art24_gezin", period)
        met_kostendelers = art24 & ~r_jong & (gezin("aantal_kostendelende_medebewoners", period) > 0)
        helft = art24 & ~met_kostendelers
        norm = select_needed(
            [met_kostendelers, helft & r_aow, helft & r_jong & ~kinderen, helft & r_jong & kinderen, helft, ~art24],
            [
                lambda: gezin("kostendelersnorm_per_persoon", period),
                lambda: round_cents(pw.art24_partner_zonder_recht_percentage * normen.gehuwden_pensioengerechtigd),
                lambda: round_cents(pw.art24_partner_zonder_recht_percentage * normen.jongeren_gehuwden),
                lambda: round_cents(pw.art24_partner_zonder_recht_percentage * normen.jongeren_gehuwden_met_kinderen),
                lambda: round_cents(pw.art24_partner_zonder_recht_percentage * normen.gehuwden),
                lambda: gezin("gezinsnorm", period),
            ],
        )
        norm = norm + numpy.where(art24, gezin("verhoging_art24a", period), 0)
        return numpy.where(gezin("aantal_rechthebbende_volwassenen", period) > 0, norm, 0)


class verhoging_jongerennorm(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Verhoging van de jongerennorm voor wie niet op de ouders kan terugvallen (art. 20 lid 3-4 Pw, vanaf 2026)"
    unit = "currency-EUR"
    reference = f"{PW}#Hoofdstuk3_Paragraaf3.2_Artikel20"
    documentation = (
        "From 2026-01-01 (Participatiewet in balans): the norm of a belanghebbende of 18-20 who cannot rely "
        "on his parents (kan_niet_op_ouders_terugvallen) is raised by the verhoging, once per such volwassene; "
        "the raised norm may not exceed the art. 21 norm that would apply if he were 21 (art. 20 lid 4): "
        "onder a for a single (parent), onder b for a couple. Only without kostendelersnorm. Before 2026 "
        "municipalities gave aanvullende bijzondere bijstand under art. 12 (not modelled): 0."
    )

    def formula_2026_01(gezin, period, parameters):
        pw = parameters(period).participatiewet
        jong = gezin.members("is_jongere_participatiewet", period)
        aantal = gezin.sum(jong & gezin.members("kan_niet_op_ouders_terugvallen", period), role=Gezin.VOLWASSENE)
        eligible = (
            (aantal > 0)
            & ~gezin("is_pensioengerechtigd_gezin", period)
            & ~gezin("kostendelersnorm_van_toepassing", period)
        )
        single = gezin("aantal_volwassenen", period) == 1

        def verhoging():
            plafond = numpy.where(single, pw.normen.alleenstaande, pw.normen.gehuwden)
            ruimte = numpy.maximum(plafond - gezin("basisnorm", period), 0)
            return numpy.minimum(aantal * pw.verhoging_jongerennorm, ruimte)

        return select_needed([eligible], [verhoging])


class bijstandsnorm_zonder_vakantietoeslag(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Bijstandsnorm per maand zonder de vakantietoeslag (95% van de norm, art. 19 lid 3 Pw)"
    unit = "currency-EUR"
    reference = f"{PW}#Hoofdstuk3_Paragraaf3.1_Artikel19"

    def formula(gezin, period, parameters):
        vt = parameters(period).participatiewet.vakantietoeslag
        return round_cents(gezin("bijstandsnorm", period) * (1 - vt))


class vakantietoeslag_bijstand(Variable):
    value_type = float
    entity = Gezin
    definition_period = MONTH
    label = "Vakantietoeslag die in de maand wordt gereserveerd (5% van de norm, art. 19 lid 3 Pw)"
    unit = "currency-EUR"
    reference = f"{PW}#Hoofdstuk3_Paragraaf3.1_Artikel19"

    def formula(gezin, period, parameters):
        return round_cents(gezin("bijstandsnorm", period) - gezin("bijstandsnorm_zonder_vakantietoeslag", period))
