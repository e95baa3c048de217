"""Web API: ``openfisca serve`` answers, and one household gives the same number via the Python API, the CLI
and the Web API."""

from __future__ import annotations

import copy
import json
import pathlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from openfisca_amsterdam.situation import calculate

pytestmark = pytest.mark.slow

BIN = pathlib.Path(sys.executable).parent
STARTUP_TIMEOUT = 60  # seconds
#: Art. 21 onder a Pw, norm alleenstaande on 2025-01-01.
NORM_ALLEENSTAANDE_2025_01 = 1345.45

SINGLE = {
    "personen": {"sanne": {"geboortedatum": {"ETERNITY": "1990-05-12"}}},
    "gezinnen": {"gezin_sanne": {"volwassenen": ["sanne"], "bijstand": {"2025-01": None}}},
    "huishoudens": {"woning_sanne": {"bewoners": ["sanne"]}},
}

# A couple (born 1975 and 1978; 400 net income for ahmed) sharing the dwelling with their adult son
# (born 1996, his own gezin), on 2025-01:
#   couple norm (art. 21 onder b Pw) B = 1922.07; kostendelers A = 3 (all three are 21+)
#   kostendelersnorm per person = (0.40 + 3 * 0.30) / 3 * B = 1.30 / 3 * 1922.07 = 832.897 -> 832.90
#   couple: 2 * 832.90 = 1665.80; minus 400 middelen = 1265.80
#   son: 832.90 (no income)
COUPLE_WITH_KOSTENDELER = {
    "personen": {
        "ahmed": {"geboortedatum": {"ETERNITY": "1975-02-01"}, "netto_inkomen": {"2025-01": 400}},
        "fatima": {"geboortedatum": {"ETERNITY": "1978-09-20"}, "netto_inkomen": {"2025-01": 0}},
        "yusuf": {"geboortedatum": {"ETERNITY": "1996-04-03"}, "netto_inkomen": {"2025-01": 0}},
    },
    "gezinnen": {
        "ouders": {"volwassenen": ["ahmed", "fatima"], "bijstand": {"2025-01": None}},
        "zoon": {"volwassenen": ["yusuf"], "bijstand": {"2025-01": None}},
    },
    "huishoudens": {"woning": {"bewoners": ["ahmed", "fatima", "yusuf"]}},
}
EXPECTED_COUPLE = {"ouders": 1265.80, "zoon": 832.90}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(url: str, payload: dict | None = None, timeout: float = 60):
    """(status, parsed JSON body or text) of a GET, or of a POST when a payload is given."""
    data = None if payload is None else json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"} if payload is not None else {}
    request = urllib.request.Request(url, data=data, headers=headers, method="GET" if data is None else "POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    try:
        return status, json.loads(body)
    except json.JSONDecodeError:
        return status, body


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Base URL of an ``openfisca serve`` (gunicorn, 1 worker) on a free port; terminated on teardown."""
    workdir = tmp_path_factory.mktemp("web_api")
    port = _free_port()
    log_path = workdir / "serve.log"
    command = [
        str(BIN / "openfisca"),
        "serve",
        "--country-package",
        "openfisca_amsterdam",
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"openfisca serve exited with {process.returncode}:\n{log_path.read_text()[-4000:]}")
            try:
                status, _ = _request(f"{base}/spec", timeout=5)
                if status == 200:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"openfisca serve did not answer within {STARTUP_TIMEOUT} s:\n{log_path.read_text()[-4000:]}"
                )
            time.sleep(0.5)
        yield base
    finally:
        if process.poll() is None:
            process.terminate()  # gunicorn's master stops its worker on SIGTERM
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def test_web_api_single_person(server):
    status, body = _request(f"{server}/calculate", SINGLE)
    assert status == 200, body
    assert body["gezinnen"]["gezin_sanne"]["bijstand"]["2025-01"] == pytest.approx(NORM_ALLEENSTAANDE_2025_01, abs=1e-9)


def test_web_api_parameter_endpoint(server):
    status, body = _request(f"{server}/parameter/participatiewet.normen.alleenstaande")
    assert status == 200, body
    assert body["id"] == "participatiewet.normen.alleenstaande"
    assert body["values"]["2025-01-01"] == NORM_ALLEENSTAANDE_2025_01
    references = body["metadata"]["reference"]
    assert isinstance(references, list) and references
    assert all(isinstance(r, dict) and r.get("title") and r.get("href") for r in references), references


def test_web_api_variable_endpoint(server):
    status, body = _request(f"{server}/variable/bijstand")
    assert status == 200, body
    assert body["entity"] == "gezin"


def test_python_api_cli_and_web_api_agree(server, tmp_path):
    """The issue's requirement: one household via the Python API, the CLI and the Web API gives the same number."""
    # Web API
    status, body = _request(f"{server}/calculate", copy.deepcopy(COUPLE_WITH_KOSTENDELER))
    assert status == 200, body
    web = {gezin: values["bijstand"]["2025-01"] for gezin, values in body["gezinnen"].items()}

    # Python API (situation with the null requests, exactly as posted)
    python = calculate(copy.deepcopy(COUPLE_WITH_KOSTENDELER), "bijstand", "2025-01")

    # CLI
    situation_file = tmp_path / "paar_met_kostendeler.json"
    situation_file.write_text(json.dumps(COUPLE_WITH_KOSTENDELER), encoding="utf-8")
    result = subprocess.run(
        [str(BIN / "openfisca-amsterdam"), "household", str(situation_file), "--period", "2025-01", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    cli_output = json.loads(result.stdout)
    cli = {gezin: values["bijstand"] for gezin, values in cli_output["gezinnen"].items()}

    for gezin, expected in EXPECTED_COUPLE.items():
        assert round(web[gezin], 2) == expected, (gezin, web)
        assert python[gezin] == web[gezin], (gezin, python, web)  # same float64, unrounded
        assert cli[gezin] == round(web[gezin], 2), (gezin, cli, web)  # the CLI prints cents


def _couple_with_partner(verblijfsrecht: str) -> dict:
    return {
        "personen": {
            "a": {"geboortedatum": {"ETERNITY": "1990-01-01"}, "toetsingsinkomen": {"2025": 0}},
            "b": {
                "geboortedatum": {"ETERNITY": "1991-01-01"},
                "toetsingsinkomen": {"2025": 0},
                "verblijfsrecht": {"2025-05": verblijfsrecht},
            },
        },
        "gezinnen": {"g": {"volwassenen": ["a", "b"], "zorgtoeslag": {"2025-05": None}}},
        "huishoudens": {"h": {"bewoners": ["a", "b"]}},
    }


def test_web_api_takes_the_residence_of_a_partner_and_names_a_bad_value(server):
    """The verblijfsrecht input through the Web API door: the same number as tests/law/awir/verblijfsrecht.yaml (a
    partner in a procedure is not insured, Wzt art. 2 lid 4: half the couple's 250 = 125; without lawful residence,
    AWIR art. 9 lid 2: 0), and an unknown value is a 400 naming the field, not a 500."""
    expected = {"in_procedure": 125, "geen": 0, "nederlander_of_vergunning": 250}
    for value, amount in expected.items():
        status, body = _request(f"{server}/calculate", _couple_with_partner(value))
        assert status == 200, body
        assert body["gezinnen"]["g"]["zorgtoeslag"]["2025-05"] == amount, (value, body)
    status, body = _request(f"{server}/calculate", _couple_with_partner("onbekend"))
    assert status == 400, body
    assert "verblijfsrecht" in json.dumps(body), body


def test_calculate_with_and_without_the_month_shortcut_agree():
    """``/calculate`` with the month shortcut (the default) and with ``serve --no-month-shortcut`` give the same
    answers, in 2024 (not the default year), for a person reaching 21 in the year with a wage in two months."""
    from openfisca_web_api import handlers

    from openfisca_amsterdam.web_api import create_app

    body = {
        "personen": {
            "p": {"geboortedatum": {"ETERNITY": "2003-06-01"}, "bruto_loon": {"2024-03": 700, "2024-09": 1400}}
        },
        "gezinnen": {
            "g": {
                "volwassenen": ["p"],
                "bijstand": {m: None for m in ("2024-03", "2024-07", "2024-09")},
                "zorgtoeslag": {"2024-07": None},
            }
        },
        "huishoudens": {"h": {"bewoners": ["p"], "kale_huur": {"2024-07": 600}, "huurtoeslag": {"2024-07": None}}},
    }
    answers = []
    try:
        for shortcut in (True, False):
            client = create_app(month_shortcut=shortcut).test_client()
            response = client.post("/calculate", json=copy.deepcopy(body))
            assert response.status_code == 200, response.get_data(as_text=True)
            answers.append(response.get_json())
    finally:
        create_app()  # the default again for the rest of the process (the handler's builder is module-wide)
    assert answers[0] == answers[1]
    assert handlers.SimulationBuilder.__name__ == "MonthShortcutBuilder"
    assert answers[0]["gezinnen"]["g"]["bijstand"]["2024-07"] > 0
