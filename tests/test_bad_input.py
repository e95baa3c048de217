"""Every door refuses a bad situation with a clear error naming the field: the Python API, the CLI, a real
`openfisca-amsterdam serve` subprocess. Never a wrong number, a traceback, a NaN or an HTTP 500. Microdata (the
population door) is tested in test_bad_microdata.py."""

from __future__ import annotations

import copy
import json
import os
import pathlib
import sys
import time
import urllib.error
import urllib.request

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openfisca_amsterdam.cli import main
from openfisca_amsterdam.situation import SituationError, calculate

BIN = pathlib.Path(sys.executable).parent
PERIOD = "2025-03"
#: The README household: single of 34, net income 400: bijstand 1,345.45 - 400.00 = 945.45 (art. 21 onder a Pw).
GOOD = {
    "personen": {"sanne": {"geboortedatum": {"ETERNITY": "1990-05-12"}, "netto_inkomen": {PERIOD: 400}}},
    "gezinnen": {"gezin": {"volwassenen": ["sanne"]}},
    "huishoudens": {"woning": {"bewoners": ["sanne"]}},
}


def _with(path, value):
    """A copy of GOOD with ``value`` at the dotted ``path`` (``None``: the key removed)."""

    def make():
        situation = copy.deepcopy(GOOD)
        *parents, leaf = path.split("/")
        node = situation
        for part in parents:
            node = node.setdefault(part, {})
        if value is _DELETE:
            del node[leaf]
        else:
            node[leaf] = value
        return situation

    return make


_DELETE = object()
CHILD = {"geboortedatum": {"ETERNITY": "1985-01-01"}, "netto_inkomen": {PERIOD: 0}}

#: (case, situation factory, the field the error must name)
BAD = [
    ("missing birth date", _with("personen/sanne/geboortedatum", _DELETE), "personen.sanne.geboortedatum"),
    ("null birth date", _with("personen/sanne/geboortedatum", {"ETERNITY": None}), "personen.sanne.geboortedatum"),
    (
        "birth date not a date",
        _with("personen/sanne/geboortedatum", {"ETERNITY": "12-05-1990"}),
        "personen.sanne.geboortedatum",
    ),
    (
        "impossible calendar date",
        _with("personen/sanne/geboortedatum", {"ETERNITY": "1990-02-30"}),
        "personen.sanne.geboortedatum",
    ),
    (
        "birth date before 1900",
        _with("personen/sanne/geboortedatum", {"ETERNITY": "1000-01-01"}),
        "personen.sanne.geboortedatum",
    ),
    (
        "birth date after the period",
        _with("personen/sanne/geboortedatum", {"ETERNITY": "2030-01-01"}),
        "personen.sanne.geboortedatum",
    ),
    (
        "integer birth date",
        _with("personen/sanne/geboortedatum", {"ETERNITY": 19900512}),
        "personen.sanne.geboortedatum",
    ),
    ("negative income", _with("personen/sanne/netto_inkomen", {PERIOD: -1}), "personen.sanne.netto_inkomen"),
    ("income a string", _with("personen/sanne/netto_inkomen", {PERIOD: "veel"}), "personen.sanne.netto_inkomen"),
    ("income a boolean", _with("personen/sanne/netto_inkomen", {PERIOD: True}), "personen.sanne.netto_inkomen"),
    ("income a list", _with("personen/sanne/netto_inkomen", {PERIOD: [400]}), "personen.sanne.netto_inkomen"),
    (
        "income implausibly large",
        _with("personen/sanne/netto_inkomen", {PERIOD: 1e305}),
        "personen.sanne.netto_inkomen",
    ),
    ("negative rent", _with("huishoudens/woning/kale_huur", {PERIOD: -580}), "huishoudens.woning.kale_huur"),
    ("rent a list", _with("huishoudens/woning/kale_huur", {PERIOD: [580]}), "huishoudens.woning.kale_huur"),
    ("rent true", _with("huishoudens/woning/kale_huur", {PERIOD: True}), "huishoudens.woning.kale_huur"),
    ("is_student a string", _with("personen/sanne/is_student", {PERIOD: "true"}), "personen.sanne.is_student"),
    ("empty volwassenen", _with("gezinnen/gezin/volwassenen", []), "gezinnen.gezin.volwassenen"),
    ("unknown person in a gezin", _with("gezinnen/gezin/volwassenen", ["piet"]), "gezinnen.gezin.volwassenen"),
    ("unknown variable", _with("personen/sanne/bestaat_niet", {PERIOD: 1}), "personen.sanne.bestaat_niet"),
    (
        "gemeente not canonical",
        _with("huishoudens/woning/gemeente", {PERIOD: "GM03630"}),
        "huishoudens.woning.gemeente",
    ),
    ("gemeente not a code", _with("huishoudens/woning/gemeente", {PERIOD: "Amsterdam"}), "huishoudens.woning.gemeente"),
    ("gemeente an empty list", _with("huishoudens/woning/gemeente", {PERIOD: []}), "huishoudens.woning.gemeente"),
    ("gemeente a list", _with("huishoudens/woning/gemeente", {PERIOD: ["GM0363"]}), "huishoudens.woning.gemeente"),
    ("no huishoudens", _with("huishoudens", {}), "huishoudens"),
    (
        "a kind aged 40",
        lambda: {
            **copy.deepcopy(GOOD),
            "personen": {**copy.deepcopy(GOOD["personen"]), "k": CHILD},
            "gezinnen": {"gezin": {"volwassenen": ["sanne"], "kinderen": ["k"]}},
            "huishoudens": {"woning": {"bewoners": ["sanne", "k"]}},
        },
        "gezinnen.gezin.kinderen",
    ),
    (
        "a gezin across two huishoudens",
        lambda: {
            "personen": {
                "a": {"geboortedatum": {"ETERNITY": "1980-01-01"}},
                "b": {"geboortedatum": {"ETERNITY": "1981-01-01"}},
            },
            "gezinnen": {"g": {"volwassenen": ["a", "b"]}},
            "huishoudens": {"h1": {"bewoners": ["a"]}, "h2": {"bewoners": ["b"]}},
        },
        "gezinnen.g",
    ),
]
IDS = [case for case, _, _ in BAD]


@pytest.mark.parametrize("case, make, field", BAD, ids=IDS)
def test_python_api_refuses(case, make, field):
    with pytest.raises(SituationError) as error:
        calculate(make(), ["bijstand", "huurtoeslag"], PERIOD)
    assert error.value.field.startswith(field), (case, error.value.field)


@pytest.mark.parametrize("case, make, field", BAD, ids=IDS)
def test_cli_refuses(case, make, field, tmp_path, capsys):
    path = tmp_path / "situation.json"
    path.write_text(json.dumps(make()))
    assert main(["household", str(path), "--period", PERIOD]) == 2
    err = capsys.readouterr().err
    assert field in err and "Traceback" not in err, (case, err)


def _post(url, body: bytes, timeout=30):
    request = urllib.request.Request(url + "/calculate", data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _ask(situation):
    situation = copy.deepcopy(situation)
    for gezin in situation.get("gezinnen", {}).values():
        gezin["bijstand"] = {PERIOD: None}
    return situation


#: A situation with five independent problems: every door must name all five, in the same order.
SEVERAL = {
    "personen": {
        "a": {"netto_inkomen": {PERIOD: -5}},
        "b": {"geboortedatum": "1980-13-01", "vermogen": {PERIOD: "veel"}},
    },
    "gezinnen": {"g": {"volwassenen": ["a", "zz"]}, "g2": {"volwassenen": ["b"]}},
    "huishoudens": {"h": {"bewoners": ["a", "b"], "gemeente": {PERIOD: "AMS"}}},
}
SEVERAL_FIELDS = [
    "gezinnen.g.volwassenen",
    f"huishoudens.h.gemeente.{PERIOD}",
    "personen.a.geboortedatum",
    f"personen.a.netto_inkomen.{PERIOD}",
    "personen.b.geboortedatum.ETERNITY",
    f"personen.b.vermogen.{PERIOD}",
]


@pytest.mark.slow
def test_every_problem_of_a_situation_is_reported_at_every_door(server, tmp_path, capsys):
    with pytest.raises(SituationError) as error:
        calculate(SEVERAL, "bijstand", PERIOD)
    assert [field for field, _ in error.value.problems] == SEVERAL_FIELDS
    assert error.value.field == SEVERAL_FIELDS[0]
    path = tmp_path / "several.json"
    path.write_text(json.dumps(SEVERAL))
    assert main(["household", str(path), "--period", PERIOD]) == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error: ")]
    assert [line.split(": ")[1] for line in lines] == SEVERAL_FIELDS
    status, text = _post(server, json.dumps(_ask(SEVERAL)).encode())
    body = json.loads(text)["error"]
    assert (
        status == 400
        and [p["field"] for p in body["problems"]] == SEVERAL_FIELDS
        and body["field"] == SEVERAL_FIELDS[0]
    )


def test_a_kind_problem_is_reported_for_every_child():
    situation = copy.deepcopy(GOOD)
    situation["personen"].update(
        {
            "k1": {"geboortedatum": "1990-01-01", "netto_inkomen": {PERIOD: 0}},
            "k2": {"geboortedatum": "2000-01-01", "netto_inkomen": {PERIOD: 0}},
        }
    )
    situation["gezinnen"]["gezin"]["kinderen"] = ["k1", "k2"]
    situation["huishoudens"]["woning"]["bewoners"] += ["k1", "k2"]
    with pytest.raises(SituationError) as error:
        calculate(situation, "bijstand", PERIOD)
    assert [f for f, _ in error.value.problems] == ["gezinnen.gezin.kinderen", "gezinnen.gezin.kinderen"]
    assert "'k1'" in error.value.problems[0][1] and "'k2'" in error.value.problems[1][1]


@pytest.mark.slow
@pytest.mark.parametrize("case, make, field", BAD, ids=IDS)
def test_web_api_refuses(server, case, make, field):
    status, text = _post(server, json.dumps(_ask(make())).encode())
    assert 400 <= status < 500, (case, status, text)
    assert json.loads(text)["error"]["field"].startswith(field), (case, text)


@pytest.mark.slow
def test_web_api_limits_and_not_covered_then_still_answers(server):
    started = time.time()
    nan = json.dumps(_ask(GOOD)).replace("400", "NaN").encode()
    assert _post(server, nan)[0] == 400
    axes = _ask(GOOD)
    axes["axes"] = [[{"name": "netto_inkomen", "count": 1_000_000, "min": 0, "max": 3000, "period": PERIOD}]]
    status, text = _post(server, json.dumps(axes).encode())
    assert status == 400 and json.loads(text)["error"]["field"] == "axes"
    big = json.dumps(_ask(GOOD)).encode() + b" " * 5_000_000
    status, text = _post(server, big)
    assert status == 413 and json.loads(text)["error"]["field"] == "body"
    status, text = _post(server, b"[" * 100_000 + b"]" * 100_000)
    assert status == 400 and "nested" in json.loads(text)["error"]["message"]
    late = _ask(GOOD)
    late["gezinnen"]["gezin"]["bijstand"] = {"2031-03": None}
    status, text = _post(server, json.dumps(late).encode())
    error = json.loads(text)["error"]
    assert status == 422 and error["parameter"] and "covered" in error
    assert time.time() - started < 60
    status, text = _post(server, json.dumps(_ask(GOOD)).encode())
    assert status == 200 and json.loads(text)["gezinnen"]["gezin"]["bijstand"][PERIOD] == 945.45
    spec = json.loads(urllib.request.urlopen(server + "/spec").read())
    assert "Error" in spec["components"]["schemas"] and "situation" in spec["components"]["examples"]


def test_yaml_alias_bomb_is_refused(tmp_path, capsys):
    path = tmp_path / "bomb.yaml"
    path.write_text(
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b]\n"
        "personen: [*c, *c, *c, *c, *c, *c, *c]\n"
    )
    assert main(["household", str(path), "--period", PERIOD]) == 2
    assert "aliases" in capsys.readouterr().err


# --- fuzz: random situations never give a 500, a traceback or a NaN ---

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**7),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.integers(0, 9), max_size=2),
)
FIELDS = st.sampled_from(
    [
        "netto_inkomen",
        "bruto_loon",
        "vermogen",
        "is_student",
        "geboortedatum",
        "aow_verzekerde_jaren",
        "kale_huur",
        "gemeente",
        "bestaat_niet",
        "volwassenen",
        "bewoners",
    ]
)
PERIODS = st.sampled_from([PERIOD, "2025", "ETERNITY", "2031-03", "2025-13", "x"])


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    entity=st.sampled_from(["personen/sanne", "gezinnen/gezin", "huishoudens/woning"]),
    field=FIELDS,
    period=PERIODS,
    value=VALUES,
)
def test_fuzz_the_web_api_never_fails_with_a_500_or_a_nan(entity, field, period, value):
    from openfisca_amsterdam.web_api import create_app

    client = _client()
    situation = _ask(GOOD)
    plural, name = entity.split("/")
    situation[plural][name][field] = {period: value} if field not in ("volwassenen", "bewoners") else value
    try:
        body = json.dumps(situation)
    except ValueError:
        return
    response = client.post("/calculate", data=body, content_type="application/json")
    text = response.get_data(as_text=True)
    assert response.status_code < 500, text
    assert "Traceback" not in text
    parsed = json.loads(text, parse_constant=_no_constant)  # strict JSON: a NaN or Infinity in any answer fails here
    if response.status_code >= 400:
        assert parsed["error"]["field"]
    del create_app


_CLIENT = []


def _no_constant(name):
    raise AssertionError(f"the answer holds {name}, which is not valid JSON")


def _client():
    if not _CLIENT:
        from openfisca_amsterdam.web_api import create_app

        _CLIENT.append(create_app().test_client())
    return _CLIENT[0]
