import pathlib
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from openfisca_amsterdam.situation import default_system


@pytest.fixture(scope="session")
def system():
    return default_system()


def single(birth="1990-05-12", **person):
    """A one-person gezin in its own dwelling (Web API situation format)."""
    return {
        "personen": {"p": {"geboortedatum": birth, **person}},
        "gezinnen": {"g": {"volwassenen": ["p"]}},
        "huishoudens": {"h": {"bewoners": ["p"]}},
    }


BIN = pathlib.Path(sys.executable).parent


@pytest.fixture(scope="module")
def server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [str(BIN / "openfisca-amsterdam"), "serve", "--port", str(port), "--max-body-bytes", "1000000"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/spec", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("openfisca-amsterdam serve did not start: " + process.stderr.read().decode()[-2000:])
    yield url
    process.terminate()
    process.wait(timeout=20)
