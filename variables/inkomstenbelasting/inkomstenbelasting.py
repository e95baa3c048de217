"""The tax function of the Wet IB 2001 box 1 and the Zvw bijdrage, and what needs it: the tax, the gross-up of
bijstand/AIO for the toetsingsinkomen, and the monthly withholding (docs/regelingen/inkomstenbelasting.md).

The combined rate (tax + premies volksverzekeringen) in three brackets below and at AOW age (art. 2.10, 2.10a); the
heffingskortingen 8.10, 8.11, 8.14a, 8.17 and 8.18; in the year the AOW age is reached rates and credits weighted by
the share of the year with AOW age. The functions are plain numpy on whole arrays, shared by the variables, the
gross-up and the withholding, so these cannot drift apart. Income: inkomen.py; toetsingsinkomen: awir/.
"""

import numpy
from openfisca_core.model_api import ADD, MONTH, YEAR, Variable

from openfisca_amsterdam.entities import Gezin, Persoon
from openfisca_amsterdam.formula_helpers import bisect_increasing, on_units, round_cents, where_needed

WET_IB = "https://wetten.overheid.nl/jci1.3:c:BWBR0011353&artikel={}&g=2026-01-01"
ZVW = "https://wetten.overheid.nl/jci1.3:c:BWBR0018450&artikel=43&g=2026-01-01"

#: Bisection steps of the gross-up. The bracket [0, 4 x net] shrinks to 4 x net / 2**60: far below a cent.
BRUTERING_STAPPEN = 60
#: The gross-up is looked for between 0 and this multiple of the net amount (no marginal rate reaches 75%).
BRUTERING_BOVENGRENS = 4


# --- The tax function (numpy; p = parameters(year).inkomstenbelasting) ----------------------------


def _naar_aow_deel(aandeel, onder, boven, wie=True):
    """(1 - aandeel) x onder() + aandeel x boven(); each part is computed only when someone needs it.

    ``aandeel`` is the share of the year with AOW age (0 or 1 except in the year it is reached);
    ``wie`` limits who needs the value at all (e.g. only parents for the IACK), so that a missing
    AOW-age amount only blocks the people it concerns.
    """
    wie = numpy.asarray(wie, dtype=bool) & numpy.ones(numpy.shape(aandeel), dtype=bool)
    deel_onder = where_needed(wie & (aandeel < 1), onder)
    deel_boven = where_needed(wie & (aandeel > 0), boven)
    return numpy.where(wie, (1 - aandeel) * deel_onder + aandeel * deel_boven, 0.0)


def _box1_voor_kortingen(p, inkomen, aandeel):
    """Tax + premies volksverzekeringen on box-1 income by the brackets of art. 2.10 (an OpenFisca marginal-rate scale),
    below and at AOW age (art. 2.10a: no AOW premium in the first bracket)."""
    t = p.tarief
    return _naar_aow_deel(aandeel, lambda: t.box1.calc(inkomen), lambda: t.box1_aow_leeftijd.calc(inkomen))


def _algemene_heffingskorting(p, inkomen, aandeel):
    a = p.algemene_heffingskorting
    boven_grens = numpy.maximum(inkomen - a.afbouwgrens, 0)
    return _naar_aow_deel(
        aandeel,
        lambda: numpy.maximum(a.maximum - a.afbouwpercentage * boven_grens, 0),
        lambda: numpy.maximum(a.maximum_aow_leeftijd - a.afbouwpercentage_aow_leeftijd * boven_grens, 0),
    )


def _arbeidskorting_onder_aow_leeftijd(ak, arbeid):
    """Art. 8.11: build-up in three brackets up to the maximum, then the afbouw; never negative."""
    opbouw = (
        ak.opbouwpercentage_1 * numpy.clip(arbeid, 0, ak.opbouwgrens_1)
        + ak.opbouwpercentage_2 * numpy.clip(arbeid - ak.opbouwgrens_1, 0, ak.opbouwgrens_2 - ak.opbouwgrens_1)
        + ak.opbouwpercentage_3 * numpy.clip(arbeid - ak.opbouwgrens_2, 0, ak.afbouwgrens - ak.opbouwgrens_2)
    )
    afbouw = ak.maximum - ak.afbouwpercentage * (arbeid - ak.afbouwgrens)
    return numpy.maximum(numpy.where(arbeid < ak.afbouwgrens, numpy.minimum(opbouw, ak.maximum), afbouw), 0)


def _arbeidskorting(p, arbeid, aandeel):
    ak = p.arbeidskorting
    return _naar_aow_deel(
        aandeel,
        lambda: _arbeidskorting_onder_aow_leeftijd(ak, arbeid),
        lambda: _arbeidskorting_onder_aow_leeftijd(ak, arbeid) * (ak.maximum_aow_leeftijd / ak.maximum),
        wie=arbeid > 0,
    )


def _combinatiekorting(p, arbeid, aandeel, recht):
    c = p.inkomensafhankelijke_combinatiekorting
    opbouw = numpy.maximum(arbeid - c.inkomensgrens, 0)
    return _naar_aow_deel(
        aandeel,
        lambda: numpy.minimum(c.percentage * opbouw, c.maximum),
        lambda: numpy.minimum(c.percentage * (c.maximum_aow_leeftijd / c.maximum) * opbouw, c.maximum_aow_leeftijd),
        wie=recht & (opbouw > 0),
    )


def _ouderenkorting(p, inkomen, recht):
    o = p.ouderenkorting
    return where_needed(
        recht, lambda: numpy.maximum(o.maximum - o.afbouwpercentage * numpy.maximum(inkomen - o.afbouwgrens, 0), 0)
    )


def _alleenstaande_ouderenkorting(p, recht):
    return where_needed(recht, lambda: p.alleenstaande_ouderenkorting * numpy.ones(numpy.shape(recht)))


def _inkomstenbelasting(p, inkomen, aandeel, vaste_kortingen, ouderen):
    """Tax after heffingskortingen, never negative. ``vaste_kortingen`` are those that do not depend
    on the total income (arbeidskorting, IACK, alleenstaande-ouderenkorting)."""
    belasting = _box1_voor_kortingen(p, inkomen, aandeel)
    kortingen = _algemene_heffingskorting(p, inkomen, aandeel) + _ouderenkorting(p, inkomen, ouderen) + vaste_kortingen
    return numpy.maximum(belasting - kortingen, 0)


def _zvw_bijdrage(z, eigen, loon):
    """Own Zvw contribution: the rate on own income, up to what the wage leaves of the maximum."""
    ruimte = numpy.maximum(z.maximum_bijdrage_inkomen - numpy.maximum(loon, 0), 0)
    return z.percentage * numpy.minimum(numpy.maximum(eigen, 0), ruimte)


def _kenmerken(persoon, period, parameters):
    """Everything the tax of a year depends on besides the total income (also for the gross-up)."""
    p = parameters(period).inkomstenbelasting
    arbeid = numpy.maximum(persoon("arbeidsinkomen", period), 0)
    aandeel = persoon("deel_jaar_met_aow_leeftijd", period)
    vast = (
        _arbeidskorting(p, arbeid, aandeel)
        + _combinatiekorting(p, arbeid, aandeel, persoon("heeft_recht_op_combinatiekorting", period))
        + _alleenstaande_ouderenkorting(p, persoon("heeft_recht_op_alleenstaande_ouderenkorting", period))
    )
    ouderen = persoon("heeft_aow_leeftijd_einde_jaar", period)
    return p, aandeel, vast, ouderen


# --- Tax and credits (the variables) ---------------------------------------------------------


class inkomstenbelasting_box1_voor_heffingskortingen(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Inkomstenbelasting en premies volksverzekeringen box 1 voor heffingskortingen (art. 2.10 Wet IB 2001)"
    unit = "currency-EUR"
    reference = WET_IB.format("2.10")
    documentation = (
        "Combined rate on max(bruto_jaarinkomen_box1, 0) in three brackets; the first-bracket rate without AOW "
        "premium at AOW age, weighted by deel_jaar_met_aow_leeftijd in the year the age is reached. Not modelled: "
        "the longer first bracket of persons born before 1946. Rounded to cents."
    )

    def formula(persoon, period, parameters):
        p = parameters(period).inkomstenbelasting
        inkomen = numpy.maximum(persoon("bruto_jaarinkomen_box1", period), 0)
        return round_cents(_box1_voor_kortingen(p, inkomen, persoon("deel_jaar_met_aow_leeftijd", period)))


class algemene_heffingskorting(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Algemene heffingskorting (art. 8.10 Wet IB 2001)"
    unit = "currency-EUR"
    reference = WET_IB.format("8.10")
    documentation = (
        "Maximum minus the afbouwpercentage of the box-1 income above the afbouwgrens, never negative; the AOW-age "
        "amounts at AOW age. From 2025 the law uses the verzamelinkomen (box 1 + 2 + 3): here box 1 only. The "
        "full credit (before the limit to the tax, see inkomstenbelasting); rounded to cents."
    )

    def formula(persoon, period, parameters):
        p = parameters(period).inkomstenbelasting
        inkomen = numpy.maximum(persoon("bruto_jaarinkomen_box1", period), 0)
        return round_cents(_algemene_heffingskorting(p, inkomen, persoon("deel_jaar_met_aow_leeftijd", period)))


class arbeidskorting(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Arbeidskorting (art. 8.11 Wet IB 2001)"
    unit = "currency-EUR"
    reference = WET_IB.format("8.11")
    documentation = (
        "On the arbeidsinkomen: percentages in three build-up brackets up to the maximum, then the afbouw; never "
        "negative. The build-up is cumulative from the percentages, where the law prints rounded step amounts "
        "(less than EUR 0.15 a year apart). At AOW age the same table times maximum_aow_leeftijd / maximum. "
        "Rounded to cents."
    )

    def formula(persoon, period, parameters):
        p = parameters(period).inkomstenbelasting
        arbeid = numpy.maximum(persoon("arbeidsinkomen", period), 0)
        return round_cents(_arbeidskorting(p, arbeid, persoon("deel_jaar_met_aow_leeftijd", period)))


class inkomensafhankelijke_combinatiekorting(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Inkomensafhankelijke combinatiekorting (art. 8.14a Wet IB 2001)"
    unit = "currency-EUR"
    reference = WET_IB.format("8.14a")
    documentation = (
        "For who heeft_recht_op_combinatiekorting: the percentage of the arbeidsinkomen above the inkomensgrens, "
        "up to the maximum (AOW age: the AOW-age maximum, percentage scaled likewise). Rounded to cents."
    )

    def formula(persoon, period, parameters):
        p = parameters(period).inkomstenbelasting
        arbeid = numpy.maximum(persoon("arbeidsinkomen", period), 0)
        recht = persoon("heeft_recht_op_combinatiekorting", period)
        return round_cents(_combinatiekorting(p, arbeid, persoon("deel_jaar_met_aow_leeftijd", period), recht))


class ouderenkorting(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Ouderenkorting (art. 8.17 Wet IB 2001)"
    unit = "currency-EUR"
    reference = WET_IB.format("8.17")
    documentation = (
        "For who has reached AOW age by the end of the year: the maximum minus 15% of the income above the "
        "afbouwgrens, never negative (verzamelinkomen in the law; box 1 here). Rounded to cents."
    )

    def formula(persoon, period, parameters):
        p = parameters(period).inkomstenbelasting
        inkomen = numpy.maximum(persoon("bruto_jaarinkomen_box1", period), 0)
        return round_cents(_ouderenkorting(p, inkomen, persoon("heeft_aow_leeftijd_einde_jaar", period)))


class alleenstaande_ouderenkorting(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Alleenstaande-ouderenkorting (art. 8.18 Wet IB 2001)"
    unit = "currency-EUR"
    reference = WET_IB.format("8.18")

    def formula(persoon, period, parameters):
        p = parameters(period).inkomstenbelasting
        return round_cents(
            _alleenstaande_ouderenkorting(p, persoon("heeft_recht_op_alleenstaande_ouderenkorting", period))
        )


class inkomstenbelasting(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Inkomstenbelasting en premies volksverzekeringen box 1 na heffingskortingen, per jaar"
    unit = "currency-EUR"
    reference = WET_IB.format("8.1")
    documentation = (
        "inkomstenbelasting_box1_voor_heffingskortingen minus the five heffingskortingen, never below 0: credits "
        "above the tax are lost. Simplified: the law splits each credit into a tax part and premium parts that "
        "can each only be set off against their own levy (hoofdstuk 8 Wet IB 2001 with the Wet financiering "
        "sociale verzekeringen), and pays out part of the AHK to a "
        "non-earning partner (being phased out); neither is modelled. This is the final yearly tax, not the monthly "
        "loonheffing."
    )

    def formula(persoon, period, parameters):
        kortingen = (
            persoon("algemene_heffingskorting", period)
            + persoon("arbeidskorting", period)
            + persoon("inkomensafhankelijke_combinatiekorting", period)
            + persoon("ouderenkorting", period)
            + persoon("alleenstaande_ouderenkorting", period)
        )
        return numpy.maximum(persoon("inkomstenbelasting_box1_voor_heffingskortingen", period) - kortingen, 0)


def _zvw_inkomen(persoon, period):
    """(own bijdrage-inkomen, wage) of the year."""
    loon = persoon("bruto_loon", period, options=[ADD])
    eigen = persoon("bruto_jaarinkomen_box1", period) - loon
    return eigen, loon


class zvw_bijdrage(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Inkomensafhankelijke bijdrage Zvw die de persoon zelf betaalt, per jaar (art. 43 Zvw)"
    unit = "currency-EUR"
    reference = ZVW
    documentation = (
        "The lower rate on AOW (with vakantiegeld), aanvullend pensioen and winst, on at most the maximum "
        "bijdrage-inkomen minus the wage (the wage counts towards the maximum; the Belastingdienst refunds the own "
        "contribution above it). The werkgeversheffing on wages is the employer's cost and not included. "
        "Rounded to cents."
    )

    def formula(persoon, period, parameters):
        z = parameters(period).zvw.inkomensafhankelijke_bijdrage
        eigen, loon = _zvw_inkomen(persoon, period)
        return round_cents(_zvw_bijdrage(z, eigen, loon))


# --- The grossed-up bijstand and AIO in the toetsingsinkomen (art. 8 AWIR) -----------------------


class bruto_bijstand_en_aio(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    label = "Bijstand en AIO van het jaar, opgehoogd tot een bruto bedrag (brutering)"
    unit = "currency-EUR"
    documentation = (
        "The gross amount G whose net, on top of the person's other box-1 income Y, equals the net bijstand/AIO B: "
        "(Y + G) - tax(Y + G) - zvw_extra(G) = Y - tax(Y) + B, with the same tax function as inkomstenbelasting "
        "(the heffingskortingen are used once, by whichever income comes first). With no other income this is the "
        "plain G - tax(G) = B. The Zvw bijdrage is only added for the AIO part (the SVB withholds it; on the "
        "gemeente's bijstand the gemeente pays the werkgeversheffing). Solved by a fixed number of vectorised "
        "bisection steps on [0, 4B]; net income rises by at least 0.36 per euro of extra box-1 income (0.3 after the "
        "AIO's Zvw), so the root lies "
        "there. Rounded to cents. This approximates the loonheffing the gemeente or SVB actually withholds (monthly "
        "tables, with or without loonheffingskorting)."
    )

    def formula(persoon, period, parameters):
        netto = persoon("bijstand_en_aio_per_jaar", period)

        def bruteer():
            p, aandeel, vast, ouderen = _kenmerken(persoon, period, parameters)
            z = parameters(period).zvw.inkomensafhankelijke_bijdrage
            inkomen = numpy.maximum(persoon("bruto_jaarinkomen_box1", period), 0)
            eigen, loon = _zvw_inkomen(persoon, period)
            aio_deel = numpy.where(netto > 0, persoon("aio_per_jaar", period) / numpy.where(netto > 0, netto, 1), 0)

            def oplossen(netto, inkomen, aandeel, vast, ouderen, eigen, loon, aio_deel):
                belasting_0 = _inkomstenbelasting(p, inkomen, aandeel, vast, ouderen)
                zvw_0 = _zvw_bijdrage(z, eigen, loon)

                def extra_netto(bruto):
                    belasting = _inkomstenbelasting(p, inkomen + bruto, aandeel, vast, ouderen)
                    zvw = _zvw_bijdrage(z, eigen + aio_deel * bruto, loon)
                    return bruto - (belasting - belasting_0) - (zvw - zvw_0)

                return bisect_increasing(
                    lambda bruto: extra_netto(bruto) - netto,
                    numpy.zeros_like(netto),
                    BRUTERING_BOVENGRENS * netto,
                    BRUTERING_STAPPEN,
                )

            # only the persons with bijstand or AIO are solved for (the others' gross-up is 0)
            arrays = (netto, inkomen, aandeel, vast, ouderen, eigen, loon, aio_deel)
            return on_units(netto > 0, oplossen, *(numpy.asarray(a) for a in arrays))

        return round_cents(where_needed(netto > 0, bruteer))


# --- Withholding of a month (for the net income that bijstand and AIO count) ----------------------


class inhouding_per_maand(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Ingehouden loonheffing en Zvw-bijdrage in de maand, berekend op het inkomen van de maand op jaarbasis"
    unit = "currency-EUR"
    reference = WET_IB.format("2.10")
    documentation = (
        "As the loonheffing tables do: the month's gross income (wage, a twelfth of the year's profit, pension, "
        "AOW with the vakantiegeld accrued in the month) times twelve, taxed with the same tariff and "
        "heffingskortingen as inkomstenbelasting (AOW-age rates when the person has AOW age in the month; the "
        "alleenstaande-ouderenkorting when single with AOW in the month), plus the own Zvw bijdrage on the "
        "non-wage part, divided by twelve. Only the month itself is read, so a later month whose amounts are "
        "not yet known does not block it. Simplified: the loonheffingskorting is applied to all income together "
        "(in reality to one source)."
    )

    def formula(persoon, period, parameters):
        loon = persoon("bruto_loon", period)
        winst = persoon("winst_uit_onderneming", period.this_year) / 12
        aow = persoon("bruto_aow_met_vakantiegeld", period)
        bruto = loon + winst + persoon("aanvullend_pensioen", period) + aow

        def inhouding():
            p = parameters(period).inkomstenbelasting
            z = parameters(period).zvw.inkomensafhankelijke_bijdrage
            aow_leeftijd = persoon("heeft_aow_leeftijd", period)
            aandeel = aow_leeftijd.astype(float)
            arbeid = numpy.maximum(12 * (loon + winst), 0)
            alleen = (persoon.gezin("aantal_volwassenen", period) == 1) & persoon.has_role(Gezin.VOLWASSENE)
            vast = (
                _arbeidskorting(p, arbeid, aandeel)
                + _combinatiekorting(p, arbeid, aandeel, persoon("heeft_recht_op_combinatiekorting", period.this_year))
                + _alleenstaande_ouderenkorting(p, aow_leeftijd & alleen & (aow > 0))
            )
            belasting = _inkomstenbelasting(p, numpy.maximum(12 * bruto, 0), aandeel, vast, aow_leeftijd)
            zvw = _zvw_bijdrage(z, 12 * (bruto - loon), 12 * loon)
            return (belasting + zvw) / 12

        return round_cents(where_needed(bruto > 0, inhouding))
