"""The population run: non-take-up per scheme, determinism, Dask, reports, bad input, coverage."""

import numpy
import pandas
import pytest

from openfisca_amsterdam.analysis.run import chunks, non_take_up_table, simulate
from openfisca_amsterdam.cli import main
from openfisca_amsterdam.population.synthetic import generate

STABLE = [
    "scheme",
    "unit",
    "eligible_units",
    "recipients",
    "non_take_up_rate",
    "unclaimed_eur_per_year",
    "spending_eur_per_year",
]


@pytest.fixture(scope="module")
def results():
    return simulate(2025, 4000, seed=1, uncertainty=True)


def test_weighted_non_take_up_matches_its_parameter(results, system):
    table = non_take_up_table(results).set_index("scheme")
    rates = system.parameters("2025-01").niet_gebruik
    for scheme in ("bijstand", "aio", "huurtoeslag", "zorgtoeslag", "kindgebonden_budget", "kinderbijslag", "stadspas"):
        assert table.loc[scheme, "non_take_up_rate"] == pytest.approx(getattr(rates, scheme).basis, abs=0.02), scheme


def test_receipts_never_exceed_entitlements_and_bijstand_gets_the_stadspas(results):
    totals = results.aggregates.query("dimension == 'totaal'")
    assert (totals["spending_eur"] <= totals["entitled_eur"] + 1e-6).all()
    assert (totals["recipients"] <= totals["eligible_units"] + 1e-6).all()
    assert (totals["unclaimed_eur"] >= -1e-6).all()
    poverty = results.poverty.query("variant == 'basis' and dimension == 'totaal'").iloc[0]
    # non-take-up of bijstand/AIO leaves more gezinnen below the social minimum than full take-up
    assert poverty["below_modelled"] > poverty["below_full_take_up"]


def test_intervals_contain_the_main_value(results):
    from openfisca_amsterdam.analysis.run import intervals_table

    main_rates = non_take_up_table(results).set_index("scheme")["non_take_up_rate"]
    checked = 0
    table = intervals_table(results).dropna(subset=["non_take_up_rate_low"])
    for _, row in table[table["scheme"] != "totaal"].iterrows():
        checked += 1
        assert (
            row["non_take_up_rate_low"] - 5e-5 <= main_rates[row["scheme"]] <= row["non_take_up_rate_high"] + 5e-5
        )  # table rounds to 4 decimals
    assert checked >= 7


def test_cli_simulate_is_byte_identical_per_seed_and_writes_the_report(tmp_path, capsys):
    args = ["simulate", "--households", "1500", "--seed", "5", "--quiet", "--no-intervals"]
    assert main(args + ["--out", str(tmp_path / "a")]) == 0
    assert main(args + ["--out", str(tmp_path / "b")]) == 0
    assert (
        main(
            [
                "simulate",
                "--households",
                "1500",
                "--seed",
                "6",
                "--quiet",
                "--no-intervals",
                "--out",
                str(tmp_path / "c"),
            ]
        )
        == 0
    )
    for name in ("non_take_up", "breakdown", "poverty", "calibration"):
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == (tmp_path / "b" / f"{name}.csv").read_bytes()
        assert (tmp_path / "a" / f"{name}.parquet").exists()
    assert (tmp_path / "a" / "non_take_up.csv").read_bytes() != (tmp_path / "c" / "non_take_up.csv").read_bytes()
    table = pandas.read_csv(tmp_path / "a" / "non_take_up.csv")
    assert list(table.columns[:7]) == STABLE
    assert set(table["unit"]) == {"gezin", "huishouden"}
    html = (tmp_path / "a" / "report.html").read_text()
    assert html.split("<body>")[1].lstrip().startswith('<section id="headline">')
    assert "Non-take-up by scheme" in html and "every calibration target" in html and "data:image/png;base64" in html
    assert "bijstand" in capsys.readouterr().out


@pytest.mark.parametrize("households, size", [(19, 1), (475, 25), (100, 25), (12, 4), (5, 7), (26, 25), (7, 2)])
def test_chunks_are_whole_households_at_most_the_size_and_an_even_number(households, size):
    """475 households in chunks of at most 25 are 20 chunks of 23 or 24 (19 would keep one of two workers idle)."""
    ids = numpy.repeat(numpy.arange(households)[::-1], 1 + numpy.arange(households) % 3)  # 1-3 members, ids reversed
    table = pandas.DataFrame({"huishouden_id": ids, "row": numpy.arange(ids.size)})
    parts = list(chunks(table, size))
    sizes = [part["huishouden_id"].nunique() for part in parts]
    assert max(sizes) <= size and sum(sizes) == households  # each household in one chunk
    assert len(parts) % 2 == 0 or len(parts) in (1, households)  # even where one chunk more is possible
    assert max(sizes) - min(sizes) <= 1
    assert sorted(numpy.concatenate([p["row"].to_numpy() for p in parts])) == list(range(ids.size))
    if (households, size) == (475, 25):
        assert len(parts) == 20 and set(sizes) == {23, 24}


def test_dask_gives_the_same_totals_as_one_process():
    local = simulate(2025, 1200, seed=2, chunk_size=400, uncertainty=False)
    dask = simulate(2025, 1200, seed=2, chunk_size=400, uncertainty=False, workers=2)
    pandas.testing.assert_frame_equal(local.aggregates, dask.aggregates)


def test_every_year_is_computed_and_uncovered_units_are_counted_not_guessed():
    """2022-2026: a parameter without a verified value blanks only the units that need it, counted per scheme."""
    runs = {year: simulate(year, 800, seed=0, uncertainty=False) for year in (2022, 2023, 2024, 2025, 2026)}
    tables = {year: non_take_up_table(run).set_index("scheme") for year, run in runs.items()}
    for year, table in tables.items():
        for scheme in ("bijstand", "huurtoeslag", "kindgebonden_budget", "kinderbijslag"):
            assert table.loc[scheme, "eligible_units"] > 0 and table.loc[scheme, "spending_eur_per_year"] > 0, (
                year,
                scheme,
            )
            assert 0 <= table.loc[scheme, "not_covered_share"] < 0.5, (year, scheme)
    # 2022: the youth norms and earnings-disregard maxima of 2022-07 are now taken from the Pw text: bijstand is whole
    assert tables[2022].loc["bijstand", "not_covered_share"] == 0
    assert runs[2022].uncovered.query("scheme == 'bijstand'").empty
    # the Stadspas of 2022 tests 2021 income, for which Amsterdam's limits were not found: every candidate is uncovered
    assert tables[2022].loc["stadspas", "status"].startswith("not covered for every candidate unit")
    # 2026: AOW amounts from July 2026 are not verified: pensioners' AIO is uncovered (counted and named), never guessed
    late = tables[2026]
    assert (
        0 < late.loc["aio", "not_covered_share"] < 1
        and "not covered: parameter aow.bedragen" in late.loc["aio", "status"]
    )
    assert runs[2026].uncovered.query("scheme == 'aio'")["parameter"].str.startswith("parameter aow.bedragen").all()


def test_min_cell_suppresses_small_cells(results):
    table = non_take_up_table(results, min_cell=10**9).set_index("scheme")
    assert table["eligible_units"].isna().all()
    assert table.loc["bijstand", "status"].startswith("suppressed")


def test_own_microdata_and_bad_files(tmp_path, capsys):
    table = generate(300, 2025, 9).drop(columns=["gewicht"])
    good = tmp_path / "pop.parquet"
    table.to_parquet(good)
    assert main(["simulate", "--population", str(good), "--quiet", "--no-intervals", "--out", str(tmp_path / "o")]) == 0
    bad = tmp_path / "bad.csv"
    table.assign(bruto_loon=-table["bruto_loon"] - 1).to_csv(bad, index=False)
    assert main(["simulate", "--population", str(bad), "--quiet", "--out", str(tmp_path / "p")]) == 2
    err = capsys.readouterr().err
    assert "column 'bruto_loon'" in err and "negative amount" in err and "rows 0, 1" in err


def test_population_command_round_trips_through_simulate(tmp_path, capsys):
    """`population` writes the calibrated synthetic population; `simulate --population` on it gives the same tables."""
    for suffix in ("parquet", "csv"):
        path = tmp_path / f"pop.{suffix}"
        assert main(["population", "--households", "600", "--year", "2023", "--seed", "3", "--out", str(path)]) == 0
        assert (
            main(
                [
                    "simulate",
                    "--population",
                    str(path),
                    "--year",
                    "2023",
                    "--seed",
                    "3",
                    "--quiet",
                    "--no-intervals",
                    "--out",
                    str(tmp_path / f"from_{suffix}"),
                ]
            )
            == 0
        )
    assert (
        main(
            [
                "simulate",
                "--households",
                "600",
                "--year",
                "2023",
                "--seed",
                "3",
                "--quiet",
                "--no-intervals",
                "--out",
                str(tmp_path / "synthetic"),
            ]
        )
        == 0
    )
    synthetic = (tmp_path / "synthetic" / "non_take_up.csv").read_bytes()
    assert (tmp_path / "from_parquet" / "non_take_up.csv").read_bytes() == synthetic
    assert (tmp_path / "from_csv" / "non_take_up.csv").read_bytes() == synthetic
    table = pandas.read_csv(tmp_path / "pop.csv")
    assert {"persoon_id", "gezin_id", "huishouden_id", "rol", "geboortedatum", "gewicht"} <= set(table.columns)
    assert not any(c.startswith("_") for c in table.columns)
    assert main(["population", "--households", "10", "--out", str(tmp_path / "pop.txt")]) == 2
    capsys.readouterr()
