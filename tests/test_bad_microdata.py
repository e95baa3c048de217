"""The population door refuses bad microdata and bad flags with exit 2 and a message naming the column or the flag,
before anything is computed or written; a valid population still runs, and a run's output folder is complete (with
its manifest) or absent. The situation doors (Python API, CLI, Web API) are tested in test_bad_input.py."""

from __future__ import annotations

import json
import time

import pandas
import pytest

from openfisca_amsterdam.cli import main


@pytest.fixture(scope="module")
def population_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("pop") / "pop.csv"
    assert main(["population", "--households", "300", "--year", "2025", "--out", str(path)]) == 0
    return path


def _trap(population_file, tmp_path, change):
    table = pandas.read_csv(population_file)
    return change(table, tmp_path)


def _csv(table, tmp_path, name="bad.csv", **options):
    path = tmp_path / name
    table.to_csv(path, index=False, **options)
    return path


def _text(path, text):
    path.write_text(text)
    return path


TRAPS = [
    (
        "integer birth dates",
        lambda t, d: _csv(t.assign(geboortedatum=t["geboortedatum"].str.replace("-", "").astype(int)), d),
        "geboortedatum",
        "YYYY-MM-DD",
    ),
    (
        "day-first birth dates",
        lambda t, d: _csv(t.assign(geboortedatum=pandas.to_datetime(t["geboortedatum"]).dt.strftime("%d-%m-%Y")), d),
        "geboortedatum",
        "YYYY-MM-DD",
    ),
    ("infinite weight", lambda t, d: _csv(t.assign(gewicht=float("inf")), d), "gewicht", "finite"),
    ("zero weight", lambda t, d: _csv(t.assign(gewicht=0), d), "gewicht", "positive"),
    ("semicolon separated", lambda t, d: _csv(t, d, sep=";"), "persoon_id", "';'"),
    ("empty file", lambda t, d: _text(d / "empty.csv", ""), "--population", "empty"),
    ("csv saved as parquet", lambda t, d: _text(d / "x.parquet", t.to_csv()), "--population", "Parquet"),
    ("a directory", lambda t, d: d, "--population", "directory"),
    ("wrong extension", lambda t, d: _csv(t, d, name="pop.txt"), "--population", ".parquet or .csv"),
]


@pytest.mark.parametrize("case, make, field, words", TRAPS, ids=[t[0] for t in TRAPS])
def test_microdata_traps_exit_2_naming_the_column(case, make, field, words, population_file, tmp_path, capsys):
    path = _trap(population_file, tmp_path, make)
    assert (
        main(["simulate", "--population", str(path), "--quiet", "--no-intervals", "--out", str(tmp_path / "out")]) == 2
    )
    err = capsys.readouterr().err
    assert field in err and words in err and "Traceback" not in err, (case, err)
    assert not (tmp_path / "out").exists()


def test_every_problem_of_a_file_is_reported_in_one_pass(population_file, tmp_path, capsys):
    table = pandas.read_csv(population_file)
    table.loc[0, "bruto_loon"] = -5
    table.loc[1, "gewicht"] = float("nan")
    table.loc[2, "geboortedatum"] = "03-06-1985"
    path = _csv(table, tmp_path)
    assert main(["simulate", "--population", str(path), "--quiet", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "3 problems" in err and "bruto_loon" in err and "gewicht" in err and "geboortedatum" in err


@pytest.mark.parametrize(
    "flags, field",
    [
        (["--households", "0"], "--households"),
        (["--seed", "-1"], "--seed"),
        (["--year", "2030"], "--year"),
        (["--chunk-size", "-1"], "--chunk-size"),
        (["--chunk-size", "0"], "--chunk-size"),
        (["--min-cell", "-3"], "--min-cell"),
    ],
)
def test_bad_flags_exit_2_before_computing(flags, field, tmp_path, capsys):
    assert main(["simulate", *flags, "--quiet", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert field in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_a_valid_population_still_runs(population_file, tmp_path):
    assert (
        main(
            [
                "simulate",
                "--population",
                str(population_file),
                "--quiet",
                "--no-intervals",
                "--out",
                str(tmp_path / "o"),
            ]
        )
        == 0
    )


def test_output_is_one_complete_run_with_a_manifest(tmp_path, capsys):
    out = tmp_path / "out"
    assert (
        main(
            [
                "simulate",
                "--households",
                "300",
                "--quiet",
                "--no-intervals",
                "--reform",
                "zonder_kostendelersnorm",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert (out / "reform_zonder_kostendelersnorm").is_dir()
    (out / "stale_from_an_old_run.csv").write_text("old")
    assert main(["simulate", "--households", "300", "--seed", "1", "--quiet", "--no-intervals", "--out", str(out)]) == 0
    assert not (out / "stale_from_an_old_run.csv").exists() and not (out / "reform_zonder_kostendelersnorm").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    from openfisca_amsterdam.outputs_atomic import sha256

    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name != "manifest.json")
    assert sorted(manifest["files"]) == files
    assert all(manifest["files"][name] == sha256(out / name) for name in files)
    assert manifest["seed"] == 1 and manifest["households"] == 300 and manifest["version"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]  # no temporary folder left behind
    capsys.readouterr()


def test_an_unwritable_out_is_refused_before_computing(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    started = time.time()
    assert main(["simulate", "--households", "20000", "--quiet", "--out", str(blocker)]) == 2
    assert time.time() - started < 10 and "--out" in capsys.readouterr().err
