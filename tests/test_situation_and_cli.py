"""Bad input is a clear error naming the field (exit code 2, no traceback), never a wrong number."""

import copy
import json
import re

import pytest

from openfisca_amsterdam import cli
from openfisca_amsterdam.situation import SituationError, calculate, validate_situation
from tests.conftest import single

COUPLE = {
    "personen": {"a": {"geboortedatum": "1980-01-01"}, "b": {"geboortedatum": "1982-01-01"}},
    "gezinnen": {"g": {"volwassenen": ["a", "b"]}},
    "huishoudens": {"h": {"bewoners": ["a", "b"]}},
}


def broken(change):
    situation = copy.deepcopy(COUPLE)
    change(situation)
    return situation


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        (lambda s: s["gezinnen"]["g"].update(ouders=["a"]), "gezinnen.g.ouders", "unknown role"),
        (lambda s: s["personen"]["a"].update(loon={"2025-01": 1}), "personen.a.loon", "unknown variable"),
        (
            lambda s: s["personen"]["a"].update(netto_inkomen={"2025-01": -5}),
            "personen.a.netto_inkomen.2025-01",
            "negative",
        ),
        (
            lambda s: s["personen"]["a"].update(netto_inkomen={"2025-01": "veel"}),
            "personen.a.netto_inkomen.2025-01",
            "not a number",
        ),
        (lambda s: s["personen"]["a"].pop("geboortedatum"), "personen.a.geboortedatum", "missing"),
        (
            lambda s: s["personen"]["a"].update(geboortedatum="31-12-1980"),
            "personen.a.geboortedatum.ETERNITY",
            "not a date",
        ),
        (
            lambda s: s["huishoudens"].update(h2={"bewoners": ["b"]}) or s["huishoudens"]["h"].update(bewoners=["a"]),
            "gezinnen.g",
            "different huishoudens",
        ),
        (lambda s: s["gezinnen"].update(g2={"volwassenen": ["a"]}), "gezinnen.g2.volwassenen", "exactly one"),
        (lambda s: s["personen"].update(c={"geboortedatum": "1990-01-01"}), "personen.c", "is in no gezin"),
        (lambda s: s["gezinnen"]["g"].update(volwassenen=["a", "b", "a"]), "gezinnen.g.volwassenen", "also in"),
        (lambda s: s["gezinnen"]["g"].update(volwassenen=["a", "x"]), "gezinnen.g.volwassenen", "unknown person"),
        (lambda s: s["gezinnen"]["g"].update(aow={"2025-01": 3}), "gezinnen.g.aow", "variable of persoon"),
        (
            lambda s: s["personen"]["a"].update(is_student={"2025-01": "ja"}),
            "personen.a.is_student.2025-01",
            "true or false",
        ),
        (lambda s: s.update(bedrijven={}), "bedrijven", "unknown entity"),
    ],
)
def test_bad_situations_name_the_field(system, change, field, text):
    with pytest.raises(SituationError) as info:
        validate_situation(broken(change), system)
    assert info.value.field == field
    assert text in info.value.message


def test_three_volwassenen_are_refused(system):
    situation = broken(
        lambda s: (
            s["personen"].update(c={"geboortedatum": "1990-01-01"}),
            s["gezinnen"]["g"]["volwassenen"].append("c"),
            s["huishoudens"]["h"]["bewoners"].append("c"),
        )
    )
    with pytest.raises(SituationError, match="at most 2 volwassenen"):
        validate_situation(situation, system)


def test_negative_vermogen_is_allowed(system):
    validate_situation(broken(lambda s: s["personen"]["a"].update(vermogen={"2025": -2000})), system)


@pytest.mark.parametrize("period", ["2025", "2025-13", "maart", "2025-01-01"])
def test_bad_period(period):
    with pytest.raises(SituationError) as info:
        calculate(single(), "bijstand", period)
    assert info.value.field == "period"


def run_cli(capsys, *args):
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_household_json(tmp_path, capsys):
    path = tmp_path / "h.json"
    path.write_text(json.dumps(COUPLE))
    code, out, err = run_cli(capsys, "household", str(path), "--period", "2025-01", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["gezinnen"]["g"]["bijstand"] == pytest.approx(1922.07)  # art. 21 onder b, 2025-01


def test_cli_shows_not_covered_and_computes_the_rest(tmp_path, capsys):
    path = tmp_path / "h.yaml"
    path.write_text(
        "personen: {p: {geboortedatum: '1950-01-01'}}\ngezinnen: {g: {volwassenen: [p]}}\n"
        "huishoudens: {h: {bewoners: [p]}}\n"
    )
    code, out, err = run_cli(capsys, "household", str(path), "--period", "2026-08", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert re.fullmatch(
        r"not covered: parameter aow\.bedragen\.\w+ \(verified up to 2026-06-30\)", result["personen"]["p"]["aow"]
    )
    assert result["gezinnen"]["g"]["bijstandsnorm"] == pytest.approx(1587.34)  # art. 22 onder a per 2026-07-01


def test_cli_answers_null_requests(tmp_path, capsys):
    situation = copy.deepcopy(COUPLE)
    situation["gezinnen"]["g"]["kostendelers_a"] = {"2025-01": None}
    path = tmp_path / "h.json"
    path.write_text(json.dumps(situation))
    code, out, _ = run_cli(capsys, "household", str(path), "--period", "2025-01", "--json")
    assert code == 0
    assert json.loads(out)["gezinnen"]["g"]["kostendelers_a"] == 2


@pytest.mark.parametrize(
    ("content", "suffix", "text"),
    [
        ("{not json", ".json", "not valid JSON"),
        ("personen: [unclosed", ".yaml", "not valid YAML"),
        ("- a list", ".yaml", "must hold a situation object"),
    ],
)
def test_cli_malformed_file_exit_2_without_traceback(tmp_path, capsys, content, suffix, text):
    path = tmp_path / f"h{suffix}"
    path.write_text(content)
    code, out, err = run_cli(capsys, "household", str(path))
    assert code == 2
    assert text in err
    assert "Traceback" not in err


def test_cli_missing_file(tmp_path, capsys):
    code, _, err = run_cli(capsys, "household", str(tmp_path / "nope.json"))
    assert code == 2 and "cannot read" in err


def test_cli_bad_field_exit_2(tmp_path, capsys):
    path = tmp_path / "h.json"
    path.write_text(json.dumps(broken(lambda s: s["personen"]["a"].update(netto_inkomen={"2025-01": -1}))))
    code, _, err = run_cli(capsys, "household", str(path), "--period", "2025-01")
    assert code == 2
    assert "personen.a.netto_inkomen.2025-01: negative amount" in err


def test_cli_coverage_lists_sources_and_disagreements(capsys):
    code, out, _ = run_cli(capsys, "coverage", "--json")
    assert code == 0
    rows = {row["name"]: row for row in json.loads(out)}
    assert rows["participatiewet.normen.alleenstaande"]["last"] == "2026-12-31"
    assert rows["aow.bedragen.alleenstaande"]["last"] == "2026-06-30"
    assert "35511" in rows["participatiewet.normen.gehuwden_pensioengerechtigd"]["disagreement"]


def test_python_api_several_variables():
    result = calculate(COUPLE, ["bijstandsnorm", "aantal_kostendelers"], "2024-07")
    assert result["bijstandsnorm"] == {"g": pytest.approx(1869.21)}
    assert result["aantal_kostendelers"] == {"h": 2}


def test_invalid_gemeente_code_is_an_error_naming_it():
    situation = broken(lambda s: s["huishoudens"]["h"].update(gemeente={"2025-01": "Amsterdam"}))
    with pytest.raises(SituationError) as info:
        calculate(situation, "bijstand", "2025-01")
    assert info.value.field == "huishoudens.h.gemeente.2025-01"


def test_weesp_counts_as_amsterdam_from_the_merger():
    situation = broken(lambda s: s["huishoudens"]["h"].update(gemeente={"2022-03": "GM0457", "2022-04": "GM0457"}))
    assert calculate(situation, "woont_in_amsterdam", "2022-03") == {"h": False}
    assert calculate(situation, "woont_in_amsterdam", "2022-04") == {"h": True}
