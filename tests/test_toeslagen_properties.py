"""Properties of the toeslagen that must hold for every household (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from openfisca_amsterdam.situation import calculate

YEARS = [2025, 2026]  # years whose huurtoeslag, zorgtoeslag and KGB parameters are all covered (2022-2024 have gaps)


@st.composite
def households(draw):
    year = draw(st.sampled_from(YEARS))
    n_adults = draw(st.integers(1, 2))
    ages = [draw(st.integers(18, 80)) for _ in range(n_adults)]
    child_ages = [draw(st.integers(0, 17)) for _ in range(draw(st.integers(0, 3)))]
    rent = draw(st.floats(min_value=150, max_value=1200).map(lambda x: round(x, 2)))
    income = draw(st.floats(min_value=0, max_value=80000).map(lambda x: round(x, 0)))
    extra = draw(st.floats(min_value=1, max_value=20000).map(lambda x: round(x, 0)))
    return year, ages, child_ages, rent, income, extra


def build(year, ages, child_ages, rent, variants):
    personen, gezinnen, huishoudens = {}, {}, {}
    for v, (income, vermogen) in enumerate(variants):
        adults = []
        for i, age in enumerate(ages):
            pid = f"a{i}_{v}"
            personen[pid] = {
                "geboortedatum": f"{year - age - 1}-07-01",
                "toetsingsinkomen": {str(year): income if i == 0 else 0},
                "vermogen": {str(year): vermogen if i == 0 else 0},
            }
            adults.append(pid)
        kids = []
        for i, age in enumerate(child_ages):
            pid = f"k{i}_{v}"
            personen[pid] = {"geboortedatum": f"{year - age - 1}-07-01", "toetsingsinkomen": {str(year): 0}}
            kids.append(pid)
        gezinnen[f"g{v}"] = {"volwassenen": adults, "kinderen": kids}
        huishoudens[f"h{v}"] = {"bewoners": adults + kids, "kale_huur": {f"{year}-03": rent}}
    return {"personen": personen, "gezinnen": gezinnen, "huishoudens": huishoudens}


NAMES = ["huurtoeslag", "zorgtoeslag", "kindgebonden_budget"]


def amounts(result, v):
    return result["huurtoeslag"][f"h{v}"], result["zorgtoeslag"][f"g{v}"], result["kindgebonden_budget"][f"g{v}"]


@settings(max_examples=120, deadline=None)
@given(households())
def test_toeslagen_never_rise_with_income_and_are_never_negative(household):
    year, ages, child_ages, rent, income, extra = household
    result = calculate(build(year, ages, child_ages, rent, [(income, 0), (income + extra, 0)]), NAMES, f"{year}-03")
    base, more = amounts(result, 0), amounts(result, 1)
    for b, m in zip(base, more, strict=True):
        assert b >= 0 and m >= 0
        assert m <= b


@settings(max_examples=60, deadline=None)
@given(households())
def test_assets_above_every_limit_give_nothing(household):
    year, ages, child_ages, rent, income, _ = household
    result = calculate(build(year, ages, child_ages, rent, [(income, 500_000)]), NAMES, f"{year}-03")
    assert amounts(result, 0) == (0, 0, 0)
