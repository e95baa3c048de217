"""A synthetic Amsterdam population: households, gezinnen and persons with incomes, assets and housing.

``generate(households, year, seed)`` returns a person table in the microdata schema
(:mod:`openfisca_amsterdam.population.schema`), with incomes for the simulated year and the three years
before (``bruto_loon@2024`` ...). Everything is drawn with one ``numpy.random.Generator`` seeded by
``seed``: the same arguments give the same table. No loop over households: every step works on arrays.

The generator's shape parameters (shares of household types, employment, wage levels, AOW gaps, tenure by
income) are modelling assumptions named in ``ASSUMPTIONS``; the weights are then calibrated to the published
Amsterdam aggregates in ``data/targets.yaml`` (:mod:`openfisca_amsterdam.population.calibration`), and the
calibration report shows what the assumptions alone would have missed.
"""

from __future__ import annotations

import numpy
import pandas

#: Shape assumptions of the generator (not legal numbers; the calibration corrects the weights).
ASSUMPTIONS = {
    "household_type_probabilities": {
        "eenpersoons": 0.545,
        "paar_zonder_kinderen": 0.20,
        "paar_met_kinderen": 0.16,
        "eenouder": 0.085,
        "overig": 0.01,
    },
    "children_count_probabilities": {1: 0.45, 2: 0.38, 3: 0.12, 4: 0.05},
    "adult_child_at_home_probability": 0.15,
    "student_share_under_27": 0.35,
    "self_employed_share": 0.10,
    "no_income_share": 0.16,
    "median_gross_wage_per_month": 3200.0,
    "aow_gap_share": 0.30,
    "nominal_income_growth_per_year": 0.03,
    "yearly_status_change_probability": 0.10,
}

AOW_AGE = 67  # only to shape who is a pensioner in the generator; the rules compute the real AOW age


def _ages(rng, n, low, high, mode):
    return numpy.clip(rng.triangular(low, mode, high, n), low, high).astype(int)


def generate(households: int = 20000, year: int = 2025, seed: int = 0) -> pandas.DataFrame:
    """Person table of ``households`` synthetic Amsterdam households (weights sum to the city's count)."""
    rng = numpy.random.default_rng(seed)
    a = ASSUMPTIONS
    n = int(households)
    if n < 1:
        raise ValueError("households must be at least 1")
    types = numpy.array(list(a["household_type_probabilities"]))
    htype = rng.choice(types, n, p=list(a["household_type_probabilities"].values()))
    couple = numpy.isin(htype, ["paar_zonder_kinderen", "paar_met_kinderen"])
    with_kids = numpy.isin(htype, ["paar_met_kinderen", "eenouder"])
    n_kids = numpy.where(
        with_kids,
        rng.choice(list(a["children_count_probabilities"]), n, p=list(a["children_count_probabilities"].values())),
        0,
    )
    adult_child = with_kids & (rng.random(n) < a["adult_child_at_home_probability"])
    sharers = numpy.where(htype == "overig", rng.integers(1, 3, n), 0)

    # head's age by household type
    head_age = numpy.select(
        [htype == "eenpersoons", htype == "paar_zonder_kinderen", htype == "paar_met_kinderen", htype == "eenouder"],
        [_ages(rng, n, 18, 98, 30), _ages(rng, n, 20, 95, 32), _ages(rng, n, 24, 62, 40), _ages(rng, n, 21, 62, 42)],
        _ages(rng, n, 18, 35, 23),
    )
    hh = numpy.arange(n)
    parts = []  # (household, gezin slot, role, age)
    parts.append((hh, numpy.zeros(n, int), numpy.full(n, "volwassene"), head_age))
    idx = hh[couple]
    parts.append(
        (
            idx,
            numpy.zeros(idx.size, int),
            numpy.full(idx.size, "volwassene"),
            numpy.clip(head_age[idx] + rng.normal(0, 3, idx.size).round().astype(int), 18, 99),
        )
    )
    idx = numpy.repeat(hh, n_kids)
    max_kid = numpy.clip(head_age[idx] - 18, 0, 17)
    parts.append(
        (
            idx,
            numpy.zeros(idx.size, int),
            numpy.full(idx.size, "kind"),
            (rng.random(idx.size) * (max_kid + 1)).astype(int),
        )
    )
    idx = hh[adult_child]
    parts.append((idx, numpy.ones(idx.size, int), numpy.full(idx.size, "volwassene"), rng.integers(18, 30, idx.size)))
    idx = numpy.repeat(hh, sharers)
    slot = 2 + numpy.concatenate([numpy.arange(k) for k in sharers[sharers > 0]]) if idx.size else numpy.zeros(0, int)
    parts.append((idx, slot, numpy.full(idx.size, "volwassene"), _ages(rng, idx.size, 18, 35, 23)))

    huishouden = numpy.concatenate([p[0] for p in parts])
    slot = numpy.concatenate([p[1] for p in parts])
    rol = numpy.concatenate([p[2] for p in parts])
    age = numpy.concatenate([p[3] for p in parts])
    order = numpy.lexsort((slot, huishouden))
    huishouden, slot, rol, age = huishouden[order], slot[order], rol[order], age[order]
    m = huishouden.size
    adult = rol == "volwassene"

    birth_day = rng.integers(1, 366, m)
    geboortedatum = (
        numpy.array([f"{year}-01-01"], dtype="datetime64[D]") - (age + 1) * 365 - (age + 1) // 4 + birth_day
    ).astype("datetime64[D]")

    # activity and income in the simulated year
    pensioner = adult & (age >= AOW_AGE)
    student = adult & ~pensioner & (age < 27) & (rng.random(m) < a["student_share_under_27"])
    u = rng.random(m)
    working_age = adult & ~pensioner & ~student
    self_employed = working_age & (u < a["self_employed_share"])
    no_income = working_age & ~self_employed & (u < a["self_employed_share"] + a["no_income_share"])
    employee = working_age & ~self_employed & ~no_income
    part_time = numpy.where(rng.random(m) < 0.3, rng.uniform(0.3, 0.8, m), 1.0)
    wage = numpy.where(employee, a["median_gross_wage_per_month"] * numpy.exp(rng.normal(0, 0.6, m)) * part_time, 0.0)
    wage = numpy.where(student & (rng.random(m) < 0.5), rng.uniform(200, 900, m), wage)
    profit = numpy.where(self_employed, numpy.maximum(30000 * numpy.exp(rng.normal(0, 0.9, m)) - 4000, 0), 0.0)
    pension = numpy.where(pensioner & (rng.random(m) < 0.7), 900 * numpy.exp(rng.normal(0, 0.8, m)), 0.0)
    aow_years = numpy.where(pensioner & (rng.random(m) < a["aow_gap_share"]), rng.integers(5, 46, m), 50).astype(float)

    table = {
        "persoon_id": numpy.arange(m),
        "huishouden_id": huishouden,
        "gezin_id": huishouden * 8 + slot,
        "rol": rol,
        "geboortedatum": geboortedatum,
        "bruto_loon": wage.round(2),
        "winst_uit_onderneming": profit.round(0),
        "aanvullend_pensioen": pension.round(2),
        "aow_verzekerde_jaren": aow_years,
        "is_student": student,
        # school type by age (voorschool 2-3, basisschool 4-11, voortgezet 12-17): read for August by the school-year
        # schemes
        "schooltype": numpy.select(
            [(rol == "kind") & (age >= 12), (rol == "kind") & (age >= 4), (rol == "kind") & (age >= 2)],
            ["voortgezet", "basisschool", "voorschool"],
            "geen",
        ),
    }
    # the three years before: same activity with a yearly chance of a status change, deflated by income growth
    for back in (1, 2, 3):
        growth = (1 + a["nominal_income_growth_per_year"]) ** -back
        change = rng.random(m) < a["yearly_status_change_probability"] * back
        noise = numpy.exp(rng.normal(0, 0.08 * back, m))
        other = numpy.where(
            adult & ~pensioner & (age - back >= 18),
            a["median_gross_wage_per_month"] * numpy.exp(rng.normal(0, 0.6, m)) * (rng.random(m) < 0.6),
            0.0,
        )
        table[f"bruto_loon@{year - back}"] = numpy.where(change, other, wage) * growth * noise
        table[f"winst_uit_onderneming@{year - back}"] = numpy.where(change, 0.0, profit) * growth * noise
        table[f"aanvullend_pensioen@{year - back}"] = numpy.where(
            pensioner & (age - back >= AOW_AGE), pension * growth, 0.0
        )
        for key in (
            f"bruto_loon@{year - back}",
            f"winst_uit_onderneming@{year - back}",
            f"aanvullend_pensioen@{year - back}",
        ):
            table[key] = table[key].round(2)

    # household income rank drives assets and tenure
    gross_year = 12 * (wage + pension) + profit
    hh_income = numpy.bincount(huishouden, gross_year, n)
    rank = pandas.Series(hh_income).rank(pct=True).to_numpy()
    p_owner = 0.05 + 0.55 * rank
    p_social = numpy.clip(0.75 - 0.6 * rank, 0.05, None)
    t = rng.random(n)
    tenure = numpy.where(t < p_owner, "koop", numpy.where(t < p_owner + p_social, "corporatie", "particulier"))
    rent = numpy.select(
        [tenure == "corporatie", tenure == "particulier"],
        [
            numpy.clip(rng.normal(560, 110, n), 250, 880),
            numpy.clip(1250 * numpy.exp(rng.normal(0, 0.35, n)), 500, 3500),
        ],
        0.0,
    ).round(2)
    wealth_hh = numpy.where(rng.random(n) < 0.25, 0.0, numpy.exp(rng.normal(numpy.log(1500 + 60000 * rank**2), 1.0)))
    head = numpy.r_[True, huishouden[1:] != huishouden[:-1]]
    table["vermogen"] = numpy.where(head, wealth_hh[huishouden], 0.0).round(0)
    table["is_huurwoning"] = (tenure != "koop")[huishouden]
    table["kale_huur"] = rent[huishouden]
    table["woningbezit"] = tenure[huishouden]
    table["gemeente"] = numpy.full(m, "GM0363")
    table["gewicht"] = numpy.full(m, 475368 / n)
    return pandas.DataFrame(table)
