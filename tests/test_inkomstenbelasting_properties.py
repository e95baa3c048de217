"""Properties of box-1 income tax, net income and toetsingsinkomen that must hold for every person (hypothesis).

Net income and a one-euro raise: in box 1 every marginal rate (bracket rate plus the afbouw of the AHK, the
arbeidskorting and the ouderenkorting, plus the own Zvw bijdrage) stays below 100%, and credits above the tax are
simply lost, so a single person's net income never falls when the gross wage rises by one euro. The one legal exception
is the inkomensafhankelijke combinatiekorting of a couple: it goes to the partner with the lower arbeidsinkomen
(art. 8.14a), so when the lower earner overtakes the other, the credit moves to the partner and the first one's own net
income drops by up to about EUR 3,000. The property is therefore asserted for people without a partner in their gezin
(with or without children); for couples the weaker property "tax never negative" is tested.
"""

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from openfisca_amsterdam import NotCoveredError
from openfisca_amsterdam.situation import SituationError, calculate

YEARS = [2022, 2023, 2024, 2025, 2026]
euros = st.integers(min_value=0, max_value=150_000)
small = st.integers(min_value=0, max_value=40_000)


@st.composite
def persons(draw):
    """(year, birth date, wage, pension, profit, children's birth dates). No AOW-age person in 2026: its AOW of
    July-December 2026 is not covered, so its yearly tax cannot be computed (tested separately below)."""
    year = draw(st.sampled_from(YEARS))
    age = draw(st.integers(18, 64 if year == 2026 else 85))
    birth = f"{year - age - 1}-{draw(st.integers(1, 12)):02d}-15"
    children = [f"{year - draw(st.integers(0, 17)) - 1}-06-15" for _ in range(draw(st.integers(0, 2)))]
    return year, birth, draw(euros), draw(small), draw(st.integers(0, 80_000)), children


def build(year, birth, variants, children, partner=None):
    """One simulation with one gezin per variant (wage, pension, profit)."""
    personen, gezinnen, huishoudens = {}, {}, {}
    for v, (wage, pension, profit) in enumerate(variants):
        personen[f"p{v}"] = {
            "geboortedatum": birth,
            "bruto_loon": {str(year): wage},
            "aanvullend_pensioen": {str(year): pension},
            "winst_uit_onderneming": {str(year): profit},
        }
        volwassenen, kinderen = [f"p{v}"], []
        if partner is not None:
            personen[f"q{v}"] = {"geboortedatum": partner[0], "bruto_loon": {str(year): partner[1]}}
            volwassenen.append(f"q{v}")
        for c, child in enumerate(children):
            personen[f"k{c}_{v}"] = {"geboortedatum": child}
            kinderen.append(f"k{c}_{v}")
        gezinnen[f"g{v}"] = {"volwassenen": volwassenen, "kinderen": kinderen}
        huishoudens[f"h{v}"] = {"bewoners": volwassenen + kinderen}
    return {"personen": personen, "gezinnen": gezinnen, "huishoudens": huishoudens}


CREDITS = [
    "algemene_heffingskorting",
    "arbeidskorting",
    "inkomensafhankelijke_combinatiekorting",
    "ouderenkorting",
    "alleenstaande_ouderenkorting",
]
OUTPUTS = [
    "bruto_jaarinkomen_box1",
    "inkomstenbelasting",
    "zvw_bijdrage",
    "inkomstenbelasting_box1_voor_heffingskortingen",
    *CREDITS,
]


#: Known gaps (documented in the parameter files) that a drawn case may hit; such a case is not computable, so skipped.
KNOWN_GAPS = (
    "inkomstenbelasting.inkomensafhankelijke_combinatiekorting.maximum_aow_leeftijd",  # 2022, 2024, 2026
    "participatiewet.",  # e.g. earnings disregard maxima 2022-2023, read by the bijstand behind the toetsingsinkomen
)


def compute(situation, outputs, month):
    try:
        return calculate(situation, outputs, month)
    except NotCoveredError as error:
        assert error.parameter.startswith(KNOWN_GAPS), error.parameter
        reject()


def netto(result, pid):
    return result["bruto_jaarinkomen_box1"][pid] - result["inkomstenbelasting"][pid] - result["zvw_bijdrage"][pid]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(persons())
def test_net_income_of_a_single_person_never_falls_when_the_wage_rises_by_one_euro(person):
    year, birth, wage, pension, profit, children = person
    variants = [(wage, pension, profit), (wage + 1, pension, profit)]
    result = compute(build(year, birth, variants, children), OUTPUTS, f"{year}-06")
    assert netto(result, "p1") >= netto(result, "p0") - 1e-9
    # It can rise by a little more than the euro: in the build-up of the arbeidskorting (up to 31.4%) plus the IACK
    # (11.45%) the credits grow faster than the first-bracket rate (about 36-37%), a negative marginal rate in law.
    assert netto(result, "p1") <= netto(result, "p0") + 1.1 + 1e-9


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(persons(), euros)
def test_tax_and_credits_are_never_negative_and_tax_never_exceeds_the_tax_before_credits(person, partner_wage):
    year, birth, wage, pension, profit, children = person
    partner = (f"{year - 40}-03-01", partner_wage)
    result = compute(build(year, birth, [(wage, pension, profit)], children, partner), OUTPUTS, f"{year}-06")
    for pid in ("p0", "q0"):
        assert result["inkomstenbelasting"][pid] >= 0
        assert result["zvw_bijdrage"][pid] >= 0
        assert result["inkomstenbelasting"][pid] <= result["inkomstenbelasting_box1_voor_heffingskortingen"][pid] + 1e-9
        for credit in CREDITS:
            assert result[credit][pid] >= 0
    # at most one partner gets the IACK
    assert (
        min(
            result["inkomensafhankelijke_combinatiekorting"]["p0"],
            result["inkomensafhankelijke_combinatiekorting"]["q0"],
        )
        == 0
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(persons(), st.integers(min_value=0, max_value=3_000), st.booleans())
def test_toetsingsinkomen_is_at_least_the_gross_income(person, monthly_wage, couple):
    year, birth, _, pension, profit, children = person
    partner = (f"{year - 40}-03-01", 0) if couple else None
    variants = [(12 * monthly_wage, pension, profit)]
    # The toetsingsinkomen reads the whole year's bijstand, so a Participatiewet gap of one month makes the year not
    # covered.
    result = compute(
        build(year, birth, variants, children, partner),
        ["toetsingsinkomen", "bruto_jaarinkomen_box1", "bruto_bijstand_en_aio", "bijstand_en_aio_per_jaar"],
        f"{year}-06",
    )
    for pid in result["toetsingsinkomen"]:
        assert result["toetsingsinkomen"][pid] >= max(result["bruto_jaarinkomen_box1"][pid], 0) - 1e-9
        # the gross bijstand/AIO is at least the net amount and at most the bisection bracket (4 x net)
        assert result["bijstand_en_aio_per_jaar"][pid] - 0.005 <= result["bruto_bijstand_en_aio"][pid]
        assert result["bruto_bijstand_en_aio"][pid] <= 4 * result["bijstand_en_aio_per_jaar"][pid] + 0.005


def test_aow_age_in_2026_is_not_covered_but_younger_people_are():
    # The AOW amounts of July 2026 are not known, so the yearly box-1 income (and toetsingsinkomen) of an AOW-age
    # person in 2026 is not either; his net income of March 2026 only needs March and is computed (withholding at a
    # yearly rate on the month's income). A person under AOW age with only a wage is computed for the whole year.
    pensioner = {
        "personen": {"p": {"geboortedatum": "1950-01-01"}},
        "gezinnen": {"g": {"volwassenen": ["p"]}},
        "huishoudens": {"h": {"bewoners": ["p"]}},
    }
    with pytest.raises(NotCoveredError) as info:
        calculate(pensioner, "toetsingsinkomen", "2026-03")
    assert info.value.parameter.startswith("aow.bedragen.")
    assert calculate(pensioner, "netto_inkomen", "2026-03")["p"] > 0
    worker = {
        "personen": {"p": {"geboortedatum": "1990-01-01", "bruto_loon": {"2026": 36000}}},
        "gezinnen": {"g": {"volwassenen": ["p"]}},
        "huishoudens": {"h": {"bewoners": ["p"]}},
    }
    assert calculate(worker, "inkomstenbelasting", "2026-03")["p"] == pytest.approx(4657.73)


def test_missing_aow_age_iack_only_blocks_aow_age_parents():
    # The AOW-age IACK maximum of 2024 was not found: a working AOW-age parent raises, a younger parent does not.
    def parent(birth):
        return {
            "personen": {
                "p": {"geboortedatum": birth, "bruto_loon": {"2024": 20000}},
                "k": {"geboortedatum": "2018-01-01"},
            },
            "gezinnen": {"g": {"volwassenen": ["p"], "kinderen": ["k"]}},
            "huishoudens": {"h": {"bewoners": ["p", "k"]}},
        }

    # 11.45% x (20,000 - 6,073) = 1,594.64
    assert calculate(parent("1985-01-01"), "inkomensafhankelijke_combinatiekorting", "2024-03")["p"] == pytest.approx(
        1594.64
    )
    with pytest.raises(NotCoveredError) as info:
        calculate(parent("1950-01-01"), "inkomensafhankelijke_combinatiekorting", "2024-03")
    assert info.value.parameter == "inkomstenbelasting.inkomensafhankelijke_combinatiekorting.maximum_aow_leeftijd"


def test_a_computed_input_must_be_given_for_everyone_or_no_one():
    # OpenFisca stores an input for all persons of the simulation at once: a person without a value would get 0
    # for that month instead of the formula. The situation validator refuses such input, naming the field.
    situation = {
        "personen": {
            "a": {"geboortedatum": "1990-01-01", "netto_inkomen": {"2025-03": 700}},
            "b": {"geboortedatum": "1990-01-01", "bruto_loon": {"2025": 30000}},
        },
        "gezinnen": {"ga": {"volwassenen": ["a"]}, "gb": {"volwassenen": ["b"]}},
        "huishoudens": {"ha": {"bewoners": ["a"]}, "hb": {"bewoners": ["b"]}},
    }
    with pytest.raises(SituationError) as info:
        calculate(situation, "netto_inkomen", "2025-03")
    assert info.value.field == "personen.b.netto_inkomen.2025-03"
    situation["personen"]["b"]["netto_inkomen"] = {"2025-03": 2000}
    assert calculate(situation, "netto_inkomen", "2025-03") == {"a": 700, "b": 2000}
    # 30,000 a year: (35.82% x 30,000 - AHK - AK) / 12 withheld; 2,500 - 206.27 = 2,293.73 in April
    assert calculate(situation, "netto_inkomen", "2025-04")["b"] == pytest.approx(2293.73, abs=0.005)
