"""Household sweep: gross earnings of one person varied, disposable income, METR and cliffs per step.

Expectations are worked out by hand in the comments, from the 2025 values in tests/law:
  * bijstandsnorm alleenstaande 21+ (art. 21 onder a Pw): 1,345.45 in 2025-01..06, 1,369.06 in 2025-07..12
    (tests/law/participatiewet/normen_art21_art22.yaml) -> 6 x 1,345.45 + 6 x 1,369.06 = 8,072.70 + 8,214.36
    = 16,287.06 a year; gehuwden (onder b): 1,922.07 and 1,955.80 -> 6 x 1,922.07 + 6 x 1,955.80 = 11,532.42
    + 11,734.80 = 23,267.22 a year.
  * zorgtoeslag 2025, single, toetsingsinkomen below the drempelinkomen 28,406: 131 a month -> 1,572 a year
    (tests/law/zorgtoeslag/tabel_2025.yaml).
  * huurtoeslag 2025, single, kale huur 700, toetsingsinkomen below the ijkpunt 22,700 (the bijstand grossed up is
    about 20,600), so the minimum basishuur 199.05 (tests/law/huurtoeslag/tabel_2025.yaml):
    (477.20 - 199.05) + 65% x (682.96 - 477.20) + 40% x (700 - 682.96) = 278.15 + 133.744 + 6.816 = 418.71
    -> 418 a month (whole euros, down) -> 5,016 a year.
  * No earnings disregard: art. 31 lid 2 onder n Pw only applies when inkomstenvrijlating_van_toepassing is set
    (variables/participatiewet/middelen.py), so bijstand falls euro for euro with the net wage.
"""

import json

import numpy
import pandas
import pytest
from openfisca_core.reforms import Reform

from openfisca_amsterdam.analysis.sweep import cliffs, combine, parse_earnings, sweep, write
from openfisca_amsterdam.situation import SituationError, default_system

RENT = {f"2025-{month:02d}": 700 for month in range(1, 13)}
NORM_SINGLE_2025 = 6 * 1345.45 + 6 * 1369.06  # 16,287.06
NORM_COUPLE_2025 = 6 * 1922.07 + 6 * 1955.80  # 23,267.22
ZORGTOESLAG_MAX_2025 = 12 * 131  # 1,572
HUURTOESLAG_RENT_700_2025 = 12 * 418  # 5,016


def single(**person):
    """A single person of 35 (born 1990-05-12), renting alone in Amsterdam (default gemeente GM0363) for 700."""
    return {
        "personen": {"p": {"geboortedatum": "1990-05-12", **person}},
        "gezinnen": {"g": {"volwassenen": ["p"]}},
        "huishoudens": {"h": {"bewoners": ["p"], "kale_huur": dict(RENT)}},
    }


def couple(a=None, b=None):
    return {
        "personen": {
            "a": {"geboortedatum": "1980-01-01", **(a or {})},
            "b": {"geboortedatum": "1982-01-01", **(b or {})},
        },
        "gezinnen": {"g": {"volwassenen": ["a", "b"]}},
        "huishoudens": {"h": {"bewoners": ["a", "b"]}},
    }


@pytest.fixture(scope="module")
def frame():
    return sweep(single(), earnings=(0, 20000), step=500, year=2025)


def test_rows_and_columns(frame):
    assert len(frame) == 41  # 0, 500, ..., 20,000
    assert frame["earnings"].tolist() == [500.0 * i for i in range(41)]
    for column in (
        "netto_inkomen",
        "bijstand",
        "aio",
        "huurtoeslag",
        "zorgtoeslag",
        "kindgebonden_budget",
        "kinderbijslag",
        "stadspas_maanden",
        "besteedbaar_inkomen",
        "metr",
        "cliff",
        "lost_schemes",
        "lost_amount",
    ):
        assert column in frame
    assert frame.attrs["person"] == "p" and frame.attrs["gezin"] == "g" and frame.attrs["year"] == 2025


def test_no_earnings_bijstand_is_the_norm_and_disposable_is_bijstand_plus_toeslagen(frame):
    first = frame.iloc[0]
    assert first["netto_inkomen"] == 0
    assert first["bijstand"] == pytest.approx(NORM_SINGLE_2025, abs=0.005)  # 16,287.06
    assert first["zorgtoeslag"] == pytest.approx(ZORGTOESLAG_MAX_2025)  # 1,572
    assert first["huurtoeslag"] == pytest.approx(HUURTOESLAG_RENT_700_2025)  # 5,016
    # 16,287.06 + 1,572 + 5,016 = 22,875.06
    assert first["besteedbaar_inkomen"] == pytest.approx(22875.06, abs=0.005)
    assert first["stadspas_maanden"] == 12  # bijstand entitles to the Stadspas in every month


def test_bijstand_is_withdrawn_euro_for_euro(frame):
    # 6,000 a year = 500 a month: no wage tax is withheld at this income (the heffingskortingen exceed it), so
    # net = 6,000 and bijstand = 16,287.06 - 6,000 = 10,287.06; disposable income does not move: 6,000 + 10,287.06
    # + 1,572 + 5,016.
    row = frame.set_index("earnings").loc[6000.0]
    assert row["netto_inkomen"] == pytest.approx(6000, abs=0.005)
    assert row["bijstand"] == pytest.approx(NORM_SINGLE_2025 - 6000, abs=0.005)
    assert row["besteedbaar_inkomen"] == pytest.approx(22875.06, abs=0.005)
    # While the net wage stays below 12 x 1,345.45 = 16,145.40 a year, there is bijstand in every month: every such step
    # has a METR of 100% (up to the cent rounding of 12 monthly amounts: 0.06 / 500 = 0.00012). Between that and the end
    # of bijstand only the months from July (higher norm) still have bijstand: a lower METR for a step or two.
    full = frame["netto_inkomen"] < 12 * 1345.45
    assert full.sum() >= 33  # up to at least 16,000 gross
    assert numpy.allclose(frame.loc[full, "metr"].iloc[1:], 1.0, atol=0.001)
    # once bijstand is gone, work pays: the METR drops well below 100%
    after = frame["bijstand"].shift() == 0
    assert after.any() and (frame.loc[after, "metr"] < 0.5).all()


def test_sweep_is_monotone_and_adds_up(frame):
    assert frame["earnings"].is_monotonic_increasing
    assert (frame["netto_inkomen"].diff().dropna() >= 0).all()
    # this household has no cliff: disposable income never falls by more than the cent rounding
    assert (frame["change"].dropna() > -1).all() and not frame["cliff"].any()
    # besteedbaar_inkomen = net income + the money benefits (the receipts; everybody claims here)
    parts = ["netto_inkomen", "bijstand", "aio", "huurtoeslag", "zorgtoeslag", "kindgebonden_budget", "kinderbijslag"]
    assert numpy.allclose(frame[parts].sum(axis=1), frame["besteedbaar_inkomen"], atol=0.02)
    # METR is 1 - d(disposable) / d(gross)
    expected = 1 - frame["besteedbaar_inkomen"].diff() / 500
    assert numpy.allclose(frame["metr"].iloc[1:], expected.iloc[1:], atol=1e-5)


def test_bijstand_phasing_out_is_a_lost_scheme_with_its_last_amount(frame):
    events = cliffs(frame)
    lost = events[events["scheme"] == "bijstand"]
    assert len(lost) == 1
    end = lost.iloc[0]
    before = frame.set_index("earnings").loc[end["earnings_from"]]
    assert before["bijstand"] > 0 and frame.set_index("earnings").loc[end["earnings_to"], "bijstand"] == 0
    assert end["amount"] == pytest.approx(before["bijstand"])
    row = frame.set_index("earnings").loc[end["earnings_to"]]
    assert row["lost_schemes"] == "bijstand" and row["lost_amount"] == pytest.approx(before["bijstand"])
    # the previous year's income is what the situation says (nothing: 0), so the Stadspas is kept all along
    assert (frame["stadspas_maanden"] == 12).all()


def test_stadspas_is_lost_with_bijstand_when_last_year_income_was_high():
    # 40,000 in 2024 is above Amsterdam's limit for the Stadspas of 2025, so only bijstand gives it: per month the
    # Stadspas goes with bijstand > 0, and it is lost at the step at which bijstand ends.
    result = sweep(single(bruto_loon={"2024": 40000}), earnings=(0, 20000), step=500)
    assert ((result["stadspas_maanden"] > 0) == (result["bijstand"] > 0)).all()
    events = cliffs(result)
    lost = events.set_index("scheme")
    assert lost.loc["stadspas_maanden", "earnings_to"] == lost.loc["bijstand", "earnings_to"]
    assert numpy.isnan(lost.loc["stadspas_maanden", "amount"])  # a pass in kind has no euro value here
    # the 2025 result itself does not change: the 2024 income only moves schemes that test 2024
    assert result.iloc[0]["besteedbaar_inkomen"] == pytest.approx(22875.06, abs=0.005)


@pytest.fixture(scope="module")
def uncovered_system():
    """A system in which Amsterdam's income limit for singles has no value from 2024 (as if it were never found)."""

    class no_limit(Reform):
        def apply(self):
            def modify(parameters):
                parameters.gemeenten.amsterdam.minima.inkomensgrens.alleenstaande.update(start="2024-01-01", value=None)
                return parameters

            self.modify_parameters(modifier_function=modify)

    return no_limit(default_system())


def test_a_scheme_that_is_not_covered_is_nan_and_listed(frame, uncovered_system):
    result = sweep(single(), earnings=(0, 20000), step=500, system=uncovered_system)
    reasons = result.attrs["not_covered"]
    assert "stadspas_maanden" in reasons
    assert "gemeenten.amsterdam.minima.inkomensgrens.alleenstaande" in reasons["stadspas_maanden"]
    assert result["stadspas_maanden"].isna().all()
    # never a guessed number, and the rest is unaffected
    for column in reasons:
        assert result[column].isna().all()
    for column in result.columns:
        if result[column].isna().all():
            assert column in reasons
    assert numpy.allclose(result["besteedbaar_inkomen"], frame["besteedbaar_inkomen"])
    assert "stadspas_maanden" not in frame.attrs["not_covered"]


def test_choose_the_person_and_keep_the_partner_income():
    # Partner a earns 6,000 in 2025 (500 a month, no wage tax withheld): the couple's bijstand at 0 earnings of b is
    # 23,267.22 - 6,000 = 17,267.22; at 6,000 for b: 23,267.22 - 12,000 = 11,267.22.
    result = sweep(couple(a={"bruto_loon": {"2025": 6000}}), earnings=(0, 6000), step=1000, person="b")
    assert result.attrs["person"] == "b"
    assert result.iloc[0]["netto_inkomen"] == pytest.approx(6000, abs=0.005)
    assert result.iloc[0]["bijstand"] == pytest.approx(NORM_COUPLE_2025 - 6000, abs=0.005)
    assert result.iloc[-1]["bijstand"] == pytest.approx(NORM_COUPLE_2025 - 12000, abs=0.005)


def test_default_person_is_the_first_volwassene_and_the_sweep_replaces_his_wage_of_the_year():
    # a's own 2025 wage in the file is replaced by the swept earnings: at 0, the couple has no income -> the full norm.
    result = sweep(couple(a={"bruto_loon": {"2025": 30000}}), earnings=(0, 1000), step=1000)
    assert result.attrs["person"] == "a"
    assert result.iloc[0]["bijstand"] == pytest.approx(NORM_COUPLE_2025, abs=0.005)


def test_cliffs_of_a_hand_made_frame():

    frame = pandas.DataFrame(
        {
            "earnings": [0.0, 1000.0, 2000.0],
            "x": [5.0, 0.0, 0.0],
            "y_maanden": [12.0, 12.0, 0.0],
            "besteedbaar_inkomen": [100.0, 90.0, 95.0],
        }
    )
    events = cliffs(frame, tolerance=1.0)  # a fall of 10 counts with a tolerance of 1 (the default 36 is rounding)
    assert events.to_dict("records")[:2] == [
        {
            "earnings_from": 0.0,
            "earnings_to": 1000.0,
            "kind": "income_falls",
            "scheme": "besteedbaar_inkomen",
            "amount": 10.0,
        },
        {"earnings_from": 0.0, "earnings_to": 1000.0, "kind": "scheme_lost", "scheme": "x", "amount": 5.0},
    ]
    last = events.iloc[2]
    assert (last["earnings_to"], last["scheme"]) == (2000.0, "y_maanden") and numpy.isnan(last["amount"])


def test_write_csv_and_png(tmp_path, frame, uncovered_system):
    reform = sweep(single(), earnings=(0, 20000), step=500, system=uncovered_system)
    paths = write({"baseline": frame, "zonder grens": reform}, tmp_path / "out")
    table = pandas.read_csv(paths["sweep"])
    assert table.columns[0] == "scenario"
    assert table["scenario"].value_counts().to_dict() == {"baseline": 41, "zonder grens": 41}
    assert paths["plot"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    not_covered = pandas.read_csv(paths["not_covered"])
    assert ("zonder grens", "stadspas_maanden") in set(zip(not_covered["scenario"], not_covered["column"], strict=True))
    events = pandas.read_csv(paths["cliffs"])
    assert set(events["scenario"]) == {"baseline", "zonder grens"}
    assert list(combine({"baseline": frame})["scenario"].unique()) == ["baseline"]


def test_bad_input_names_the_field():
    with pytest.raises(SituationError) as info:
        sweep(single(), person="nobody")
    assert info.value.field == "person"
    with pytest.raises(SituationError) as info:
        sweep(single(netto_inkomen={"2025-03": 1000}))
    assert info.value.field == "personen.p.netto_inkomen.2025-03"
    with pytest.raises(SituationError) as info:
        sweep(single(), earnings=(1000, 0))
    assert info.value.field == "earnings"
    with pytest.raises(SituationError) as info:
        sweep(single(), step=0)
    assert info.value.field == "step"
    assert parse_earnings("0:60000") == (0.0, 60000.0)
    with pytest.raises(SituationError):
        parse_earnings("60000")


def test_situation_file_round_trip(tmp_path):
    from openfisca_amsterdam.situation import load_situation

    path = tmp_path / "h.json"
    path.write_text(json.dumps(single()))
    result = sweep(load_situation(path), earnings=(0, 0))
    assert len(result) == 1 and numpy.isnan(result["metr"].iloc[0])


def test_a_stable_income_shows_the_stadspas_cliff_and_rounding_is_no_cliff():
    # --history 1: the same earnings in 2024 too. The Stadspas tests last year's income (Amsterdam's limit for a
    # single person, income year 2024: 26,664), so it is lost where the 2024 earnings pass the limit, in kind (no
    # euro amount). Without history the 2024 income is 0 and the pass is kept all along (tested above).
    result = sweep(single(), earnings=(20000, 32000), step=500, year=2025, history=1)
    events = cliffs(result).set_index("scheme")
    assert "stadspas_maanden" in events.index
    lost = events.loc["stadspas_maanden"]
    assert lost["earnings_from"] < 26664 <= lost["earnings_to"] + 1000  # within the step around the limit's income
    assert numpy.isnan(lost["amount"])
    # whole-euro rounding of the toeslagen never counts as a cliff: every income fall flagged exceeds 36 a year
    falls = events[events["kind"] == "income_falls"]
    assert (falls["amount"] > 36).all()
    with pytest.raises(SituationError) as error:
        sweep(single(), earnings=(0, 1000), step=500, history=4)
    assert error.value.field == "--history"
