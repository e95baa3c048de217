"""Synthetic population, microdata schema validation and calibration."""

import numpy
import pandas
import pytest

from openfisca_amsterdam.population import calibration
from openfisca_amsterdam.population.schema import PopulationError, read_population, validate
from openfisca_amsterdam.population.synthetic import generate


def test_same_seed_same_population_other_seed_other():
    a, b, c = generate(500, 2025, 7), generate(500, 2025, 7), generate(500, 2025, 8)
    pandas.testing.assert_frame_equal(a, b)
    assert not a["bruto_loon"].equals(c["bruto_loon"])


def test_generated_population_passes_its_own_schema(system):
    table = validate(generate(300, 2025, 1), system, 2025)
    assert table["gezin_id"].groupby(table["gezin_id"]).size().min() >= 1
    # three years of income history for the Stadspas (last year) and the IIT (three years)
    assert {"bruto_loon@2024", "bruto_loon@2023", "bruto_loon@2022"} <= set(table.columns)


def _small():
    return pandas.DataFrame(
        {
            "persoon_id": [1, 2, 3, 4],
            "gezin_id": ["g1", "g1", "g1", "g2"],
            "huishouden_id": ["h1", "h1", "h1", "h2"],
            "rol": ["volwassene", "volwassene", "kind", "volwassene"],
            "geboortedatum": ["1980-01-01", "1982-05-05", "2015-03-03", "1990-09-09"],
            "bruto_loon": [1000.0, 0.0, 0.0, 2500.0],
            "kale_huur": [700.0, 700.0, 700.0, 500.0],
            "gewicht": [10.0, 10.0, 10.0, 5.0],
        }
    )


@pytest.mark.parametrize(
    "change, column, rows",
    [
        (lambda t: t.assign(gezin_id=[None, "g1", "g1", "g2"]), "gezin_id", [0]),
        (lambda t: t.assign(huishouden_id=["h1", "h1", "h9", "h2"]), "huishouden_id", [0, 1, 2]),
        (lambda t: t.assign(bruto_loon=[1000.0, -5.0, 0.0, 0.0]), "bruto_loon", [1]),
        (lambda t: t.assign(rol=["volwassene", "ouder", "kind", "volwassene"]), "rol", [1]),
        (lambda t: t.assign(rol=["volwassene", "volwassene", "volwassene", "volwassene"]), "rol", [0, 1, 2]),
        (lambda t: t.assign(salaris=1), "salaris", []),
        (lambda t: t.assign(bijstand=1), "bijstand", []),
        (lambda t: t.assign(kale_huur=[700.0, 650.0, 700.0, 500.0]), "kale_huur", [0, 1, 2]),
        (
            lambda t: t.assign(geboortedatum=["1980-01-01", "gisteren", "2015-03-03", "1990-09-09"]),
            "geboortedatum",
            [1],
        ),
        (lambda t: t.assign(gewicht=[10.0, 10.0, 10.0, 0.0]), "gewicht", [3]),
        (lambda t: t.assign(**{"bruto_loon@2019": 1.0}), "bruto_loon@2019", []),
        (lambda t: t.assign(persoon_id=[1, 1, 3, 4]), "persoon_id", [0, 1]),
        (lambda t: t.assign(bruto_loon=[1000.0, numpy.nan, 0.0, 0.0]), "bruto_loon", [1]),
    ],
)
def test_bad_microdata_names_column_and_rows(system, change, column, rows):
    with pytest.raises(PopulationError) as error:
        validate(change(_small()), system, 2025)
    assert error.value.column == column
    assert error.value.rows == rows
    assert f"column '{column}'" in str(error.value)


def test_valid_microdata_keeps_every_row(system, tmp_path):
    path = tmp_path / "pop.csv"
    _small().to_csv(path, index=False)
    table = validate(read_population(path), system, 2025)
    assert len(table) == 4
    (tmp_path / "pop.xlsx").write_bytes(b"")
    with pytest.raises(PopulationError, match="expected a .parquet or .csv"):
        read_population(tmp_path / "pop.xlsx")


def test_raking_reproduces_targets_exactly():
    rng = numpy.random.default_rng(0)
    matrix = numpy.column_stack([numpy.ones(200), rng.random(200) < 0.3, rng.integers(0, 4, 200)]).astype(float)
    targets = numpy.array([1000.0, 250.0, 1700.0])
    weights = calibration.rake(matrix, targets, numpy.full(200, 5.0))
    numpy.testing.assert_allclose(matrix.T @ weights, targets, rtol=1e-9)
    assert (weights > 0).all()


def test_calibration_report_within_5_percent(system):
    table, report = calibration.calibrate(generate(4000, 2025, 3), system, 2025)
    raked = report.query("kind == 'raked'")
    assert len(raked) >= 20
    assert raked["difference"].abs().max() < 0.05, raked
    assert report["source"].notna().all()
    weights = table.groupby("huishouden_id")["gewicht"].first()
    assert weights.sum() == pytest.approx(475368)
