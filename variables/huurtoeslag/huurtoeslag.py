"""Huurtoeslag (Wet op de huurtoeslag, Wht; Besluit op de huurtoeslag; Regeling huurtoeslaggrenzen).

The rules changed every year: four household types until 2024 and two from 2025 (the ouderen types
merged); the 40% band above the aftoppingsgrens for some households until 2024 and for all from 2025;
from 2026 a fixed basishuur with a linear income afbouw, no servicekosten, and the maximale huurgrens
and the young-tenant limit as caps on the subsidised rent instead of eligibility conditions.
"""

import numpy
from openfisca_core.model_api import MONTH, Enum, Variable

from openfisca_amsterdam.entities import Gezin, Huishouden
from openfisca_amsterdam.formula_helpers import ceil_cents, floor_euros, round_cents, select_needed, where_needed

WHT = "https://wetten.overheid.nl/BWBR0008659/2026-01-01"


class rekenhuur(Variable):
    value_type = float
    entity = Huishouden
    definition_period = MONTH
    label = (
        "Rekenhuur per maand (art. 5 Wht): kale huur plus subsidiabele servicekosten (tot 2026), kale huur (vanaf 2026)"
    )
    unit = "currency-EUR"
    reference = WHT
    documentation = (
        "Until 2025 the subsidiable servicekosten count up to their maximum (four items of EUR 12: EUR 48 in "
        "all; the per-item caps are not checked, the input is the subsidiable total). From 2026 only the kale huur."
    )

    def formula_2022_01(huishouden, period, parameters):
        service = numpy.maximum(huishouden("servicekosten", period), 0)
        gemaximeerd = where_needed(
            service > 0, lambda: numpy.minimum(service, parameters(period).huurtoeslag.servicekosten_maximum)
        )
        return huishouden("kale_huur", period) + gemaximeerd

    def formula_2026_01(huishouden, period, parameters):
        return huishouden("kale_huur", period)


class HuurtoeslagHuishoudtype(Enum):
    eenpersoons = "eenpersoons"
    meerpersoons = "meerpersoons"
    eenpersoonsouderen = "eenpersoonsouderen"
    meerpersoonsouderen = "meerpersoonsouderen"


class huurtoeslag_huishoudtype(Variable):
    value_type = Enum
    possible_values = HuurtoeslagHuishoudtype
    default_value = HuurtoeslagHuishoudtype.eenpersoons
    entity = Huishouden
    definition_period = MONTH
    label = "Huishoudtype voor de normhuur: eenpersoons, meerpersoons, eenpersoonsouderen of meerpersoonsouderen"
    reference = WHT
    documentation = (
        "Until 2024 the ouderen types apply when a bewoner has reached AOW age; from 2025 only eenpersoons and "
        "meerpersoons."
    )

    def formula_2022_01(huishouden, period, parameters):
        meer = huishouden("is_meerpersoonshuishouden", period)
        ouderen = huishouden("is_ouderenhuishouden", period)
        return numpy.select(
            [meer & ouderen, ouderen, meer],
            [
                HuurtoeslagHuishoudtype.meerpersoonsouderen,
                HuurtoeslagHuishoudtype.eenpersoonsouderen,
                HuurtoeslagHuishoudtype.meerpersoons,
            ],
            HuurtoeslagHuishoudtype.eenpersoons,
        )

    def formula_2025_01(huishouden, period, parameters):
        meer = huishouden("is_meerpersoonshuishouden", period)
        return numpy.where(meer, HuurtoeslagHuishoudtype.meerpersoons, HuurtoeslagHuishoudtype.eenpersoons)


def _per_type(huishouden, period, node):
    """The parameter of the huishouden's type, reading only the types present."""
    soort = huishouden("huurtoeslag_huishoudtype", period)
    types = list(HuurtoeslagHuishoudtype)
    return select_needed([soort == t for t in types], [lambda t=t: node[t.name] for t in types])


class basishuur(Variable):
    value_type = float
    entity = Huishouden
    definition_period = MONTH
    label = "Basishuur per maand (art. 16-19 Wht, Wet verlaging eigen bijdrage huurtoeslag)"
    unit = "currency-EUR"
    reference = WHT
    documentation = (
        "Until 2025: the normhuur a x Y^2 + b x Y (art. 19; rounded up to cents) of the rekeninkomen Y, or at "
        "or below the minimum-inkomensijkpunt of the household type the fixed normhuur of art. 17 lid 2-3, plus "
        "the opslag of art. 16 "
        "(EUR 16,94 until 2022), minus the verlaging of the Wet verlaging eigen bijdrage huurtoeslag (from "
        "2024). From 2026: a fixed amount, the normhuur at the ijkpunt minus the reduction per household "
        "type (art. 17 lid 2-3) minus the verlaging; the income enters through the afbouw (huurtoeslag)."
    )

    def formula_2022_01(huishouden, period, parameters):
        ht = parameters(period).huurtoeslag
        inkomen = huishouden("huurtoeslag_rekeninkomen", period.this_year)
        ijkpunt = _per_type(huishouden, period, ht.minimum_inkomensijkpunt)
        # art. 17: at or below the minimum-inkomensijkpunt the normhuur is the fixed amount minus the type's reduction
        bij_ijkpunt = ht.normhuur.bij_ijkpunt - _per_type(huishouden, period, ht.normhuur.reductie)
        a = _per_type(huishouden, period, ht.normhuur.factor_a)
        b = _per_type(huishouden, period, ht.normhuur.factor_b)
        # art. 19 lid 2-3: a x Y^2 + b x Y, rounded up to whole cents
        formule = ceil_cents(a * inkomen * inkomen + b * inkomen)
        normhuur = numpy.where(inkomen <= ijkpunt, bij_ijkpunt, numpy.maximum(formule, bij_ijkpunt))
        return round_cents(normhuur + ht.opslag_basishuur - ht.verlaging_basishuur)

    def formula_2026_01(huishouden, period, parameters):
        ht = parameters(period).huurtoeslag
        return round_cents(
            ht.normhuur.bij_ijkpunt - _per_type(huishouden, period, ht.normhuur.reductie) - ht.verlaging_basishuur
        )


class huurtoeslag_is_jongere(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = MONTH
    label = (
        "Jongerenhuishouden (art. 13 Wht): alle bewoners jonger dan de jongerenleeftijd, geen kind, geen aangepaste "
        "woning"
    )
    reference = WHT
    documentation = (
        "The young-tenant limit: 23 until 2025, 21 from 2026. Then the rent is tested against (until 2025) or capped "
        "at (from 2026) the kwaliteitskortingsgrens."
    )

    def formula(huishouden, period, parameters):
        grens = parameters(period).huurtoeslag.jongerenleeftijd
        jong = huishouden.max(huishouden.members("leeftijd", period)) < grens
        kind = huishouden.any(huishouden.members.has_role(Gezin.KIND))
        return jong & ~kind & ~huishouden("is_aangepaste_woning", period)


class huurtoeslag_voldoet_aan_vermogenstoets(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = MONTH
    label = (
        "Geen bewoner boven de vermogensgrens (art. 7 lid 3 AWIR, art. 9 Wht): per persoon, het dubbele voor "
        "toeslagpartners samen"
    )
    reference = WHT

    def formula(huishouden, period, parameters):
        grens = parameters(period).huurtoeslag.vermogensgrens_per_persoon
        jaar = period.this_year
        gezin_vermogen = huishouden.members.gezin("toeslag_vermogen", jaar)
        gezin_grens = grens * huishouden.members.gezin("aantal_volwassenen", period)
        volwassene = huishouden.members.has_role(Gezin.VOLWASSENE)
        return ~huishouden.any(volwassene & (gezin_vermogen > gezin_grens))


class huurtoeslag_voorwaarden(Variable):
    value_type = bool
    entity = Huishouden
    definition_period = MONTH
    label = (
        "Voldoet aan de voorwaarden voor huurtoeslag (behalve inkomen): huur, zelfstandige woonruimte, 18 jaar, "
        "vermogen, huurgrenzen tot 2026"
    )
    reference = WHT

    def formula_2022_01(huishouden, period, parameters):
        ht = parameters(period).huurtoeslag
        huur = huishouden("rekenhuur", period)
        grens = numpy.where(
            huishouden("huurtoeslag_is_jongere", period), ht.kwaliteitskortingsgrens, ht.maximale_huurgrens
        )
        return _basis_voorwaarden(huishouden, period, parameters) & (huur <= grens)

    def formula_2026_01(huishouden, period, parameters):
        return _basis_voorwaarden(huishouden, period, parameters)


def _basis_voorwaarden(huishouden, period, parameters):
    # art. 8 Wht: the huurder is meerderjarig; here: some bewoner is (the huurder is not an input)
    meerderjarig = parameters(period).algemeen.meerderjarigheidsleeftijd
    volwassen = huishouden.max(huishouden.members("leeftijd", period)) >= meerderjarig
    return (
        huishouden("is_huurwoning", period)
        & huishouden("is_zelfstandige_woonruimte", period)
        & volwassen
        & huishouden("huurtoeslag_voldoet_aan_vermogenstoets", period)
        & huishouden("verblijf_staat_huurtoeslag_toe", period)
    )


def _subsidie(huishouden, period, ht, huur, basis, deel_boven_aftopping):
    """Art. 21 Wht: 100% from the basishuur to the kwaliteitskortingsgrens, the Besluit's percentage
    (65%) up to the aftoppingsgrens, and (where it applies) 40% above it."""
    kk = ht.kwaliteitskortingsgrens
    aftopping = numpy.where(
        huishouden("aantal_bewoners", period) >= ht.aftoppingsgrens_hoog_vanaf_personen,
        ht.aftoppingsgrens.hoog,
        ht.aftoppingsgrens.laag,
    )
    pct = ht.percentages
    deel_a = numpy.maximum(numpy.minimum(huur, kk) - basis, 0)
    deel_b = numpy.maximum(numpy.minimum(huur, aftopping) - numpy.maximum(kk, basis), 0)
    deel_c = numpy.maximum(huur - numpy.maximum(aftopping, basis), 0)
    return deel_a + pct.tot_aftoppingsgrens * deel_b + deel_boven_aftopping * pct.boven_aftoppingsgrens * deel_c


class huurtoeslag(Variable):
    value_type = float
    entity = Huishouden
    definition_period = MONTH
    label = "Huurtoeslag per maand"
    unit = "currency-EUR"
    reference = WHT
    documentation = (
        "The subsidy of art. 21 Wht on the rekenhuur above the basishuur, in bands. Until 2024 the 40% band "
        "above the aftoppingsgrens only for an eenpersoonshuishouden, a household with a bewoner at AOW age or "
        "an adapted dwelling; from 2025 for all. From 2026 the rent is capped at the maximale huurgrens (at the "
        "kwaliteitskortingsgrens for a young household) and the amount falls by the afbouw percentage "
        "(eenpersoons / meerpersoons) of the rekeninkomen above the minimum-inkomensijkpunt, per month a "
        "twelfth. Paid per month rounded down to whole euros; 0 below the AWIR minimum (a year's worth). "
        "Entitlement, not receipt."
    )

    def formula_2022_01(huishouden, period, parameters):
        ht = parameters(period).huurtoeslag
        veertig = (
            ~huishouden("is_meerpersoonshuishouden", period)
            | huishouden("is_ouderenhuishouden", period)
            | huishouden("is_aangepaste_woning", period)
        )
        bedrag = _subsidie(
            huishouden, period, ht, huishouden("rekenhuur", period), huishouden("basishuur", period), veertig
        )
        return _uitbetaald(huishouden, period, parameters, bedrag)

    def formula_2025_01(huishouden, period, parameters):
        ht = parameters(period).huurtoeslag
        bedrag = _subsidie(
            huishouden, period, ht, huishouden("rekenhuur", period), huishouden("basishuur", period), True
        )
        return _uitbetaald(huishouden, period, parameters, bedrag)

    def formula_2026_01(huishouden, period, parameters):
        ht = parameters(period).huurtoeslag
        plafond = numpy.where(
            huishouden("huurtoeslag_is_jongere", period), ht.kwaliteitskortingsgrens, ht.maximale_huurgrens
        )
        huur = numpy.minimum(huishouden("rekenhuur", period), plafond)
        bedrag = _subsidie(huishouden, period, ht, huur, huishouden("basishuur", period), True)
        meer = huishouden("is_meerpersoonshuishouden", period)
        ijkpunt = numpy.where(meer, ht.minimum_inkomensijkpunt.meerpersoons, ht.minimum_inkomensijkpunt.eenpersoons)
        afbouw = numpy.where(meer, ht.afbouwpercentage.meerpersoons, ht.afbouwpercentage.eenpersoons)
        inkomen = huishouden("huurtoeslag_rekeninkomen", period.this_year)
        bedrag = bedrag - afbouw * numpy.maximum(inkomen - ijkpunt, 0) / 12
        return _uitbetaald(huishouden, period, parameters, bedrag)


def _uitbetaald(huishouden, period, parameters, per_maand):
    """Huurtoeslag is computed per month and paid rounded down to whole euros (this reproduces the
    Belastingdienst's 2025 table by income); 0 when a year of it stays below the AWIR minimum."""
    recht = huishouden("huurtoeslag_voorwaarden", period)
    minimum = parameters(period).awir.minimaal_uit_te_betalen_per_jaar
    bedrag = floor_euros(numpy.maximum(per_maand, 0))
    return numpy.where(recht & (bedrag * 12 >= minimum), bedrag, 0)
