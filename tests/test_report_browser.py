"""report.html in a real browser (Debian's chromium, headless, through Selenium and chromium-driver): every image
loads, nothing overflows 1,280 px, no cell reads nan/inf/0.000, and the headline numbers equal the CSV. `make test`
installs the browser with apt when it is missing; only if that fails does this skip, loudly."""

import re
import shutil
import warnings

import pandas
import pytest

from openfisca_amsterdam.analysis import run
from openfisca_amsterdam.report.write import write

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and DRIVER):
        message = (
            "BROWSER TESTS SKIPPED: chromium and chromium-driver are not installed "
            "(apt install chromium chromium-driver)"
        )
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1280,1000")
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    # a year other than the default, a reform, and a baseline-only run with another seed and chunk size
    out = {}
    with_reform = run.simulate(2024, 400, seed=5, scenarios=["zonder_kostendelersnorm"], draws=2)
    out["reform"] = tmp_path_factory.mktemp("reform")
    write(with_reform, out["reform"])
    baseline = run.simulate(2023, 700, seed=11, uncertainty=False, chunk_size=250)
    out["baseline"] = tmp_path_factory.mktemp("baseline")
    write(baseline, out["baseline"])
    return out


def _open(browser, folder):
    browser.get((folder / "report.html").as_uri())
    return browser


@pytest.mark.parametrize("which", ["reform", "baseline"])
def test_report_reads_in_a_browser(browser, reports, which):
    page = _open(browser, reports[which])
    assert page.execute_script("return document.body.firstElementChild.id") == "headline"
    images = page.execute_script(
        "return Array.from(document.images).map(function (i) { return [i.complete, i.naturalWidth]; })"
    )
    assert len(images) >= 2 and all(done and width > 0 for done, width in images)
    assert page.execute_script("return document.documentElement.scrollWidth") <= 1280
    cut = page.execute_script(
        "return Array.from(document.querySelectorAll('.scroll'))"
        ".filter(function (e) { return e.scrollWidth > e.clientWidth + 1; }).length"
    )
    assert cut == 0, "a table is wider than the page: columns are cut off"
    cells = page.execute_script(
        "return Array.from(document.querySelectorAll('td')).map(function (c) { return c.innerText; })"
    )
    bad = [c for c in cells if re.search(r"\bnan\b|\binf\b|0\.000", c, re.IGNORECASE)]
    assert not bad, bad[:5]


@pytest.mark.parametrize("which", ["reform", "baseline"])
def test_headline_numbers_equal_the_csv(browser, reports, which):
    page = _open(browser, reports[which])
    intervals = pandas.read_csv(reports[which] / "intervals.csv").set_index("scheme")
    shown = float(page.execute_script("return document.getElementById('headline-unclaimed').dataset.value"))
    assert shown == pytest.approx(intervals.loc["totaal", "unclaimed_eur"], rel=1e-9)
    text = page.execute_script("return document.getElementById('headline-unclaimed').innerText")
    assert text == f"€{intervals.loc['totaal', 'unclaimed_eur'] / 1e6:,.1f}M"
    table = pandas.read_csv(reports[which] / "non_take_up.csv").set_index("scheme")
    rows = page.execute_script(
        "return Array.from(document.querySelectorAll('#headline-schemes tbody tr')).map(function (r) {"
        " return [r.dataset.scheme, r.cells[3].dataset.value, r.cells[1].innerText]; })"
    )
    assert len(rows) >= 5
    for scheme, value, rate in rows:
        assert rate == f"{table.loc[scheme, 'non_take_up_rate']:.1%}"
        if value:
            assert float(value) == pytest.approx(table.loc[scheme, "unclaimed_eur_per_year"], rel=1e-9)


def test_the_served_household_page_answers_as_the_python_api(browser, server):
    # the page at / (served by `openfisca-amsterdam serve`): fill a household, read the answer, compare each amount
    # with the Python API for the same situation; 2024, not the default month, a single parent of one child
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from openfisca_amsterdam.situation import calculate

    browser.get(server + "/")
    for field, text in (("period", "2024-03"), ("bruto_loon", "1200"), ("kinderen", "2016-02-29")):
        box = browser.find_element(By.ID, field)
        box.clear()
        box.send_keys(text)
    browser.find_element(By.ID, "calculate").click()
    WebDriverWait(browser, 30).until(
        lambda b: len(b.find_elements(By.CSS_SELECTOR, "#result tbody tr[data-done]")) == 8
    )
    shown = {
        row.get_attribute("data-variable"): row.find_elements(By.TAG_NAME, "td")[1].get_attribute("data-value")
        for row in browser.find_elements(By.CSS_SELECTOR, "#result tbody tr")
    }
    situation = {
        "personen": {
            "aanvrager": {"geboortedatum": {"ETERNITY": "1990-05-12"}, "bruto_loon": {"2024-03": 1200}},
            "kind_1": {"geboortedatum": {"ETERNITY": "2016-02-29"}},
        },
        "gezinnen": {"gezin": {"volwassenen": ["aanvrager"], "kinderen": ["kind_1"]}},
        "huishoudens": {"woning": {"bewoners": ["aanvrager", "kind_1"], "kale_huur": {"2024-03": 650}}},
    }
    for name in ("besteedbaar_inkomen", "bijstand", "zorgtoeslag", "huurtoeslag", "kindgebonden_budget"):
        expected = float(next(iter(calculate(situation, name, "2024-03").values())))
        assert float(shown[name]) == pytest.approx(expected, abs=0.005), name
    assert float(shown["kindgebonden_budget"]) > 0 and shown["stadspas"] in ("true", "false")
    # a mistake in the form is refused with the field named, not a wrong number
    box = browser.find_element(By.ID, "geboortedatum")
    box.clear()
    box.send_keys("1990-02-30")
    browser.find_element(By.ID, "calculate").click()
    WebDriverWait(browser, 30).until(lambda b: b.find_element(By.ID, "error").text)
    assert "geboortedatum" in browser.find_element(By.ID, "error").text
    # the default month (the latest covered one) shows what is not covered per scheme, and computes the rest
    browser.get(server + "/")
    browser.find_element(By.ID, "calculate").click()
    WebDriverWait(browser, 30).until(
        lambda b: len(b.find_elements(By.CSS_SELECTOR, "#result tbody tr[data-done]")) == 8
    )
    cells = {
        row.get_attribute("data-variable"): row.find_elements(By.TAG_NAME, "td")
        for row in browser.find_elements(By.CSS_SELECTOR, "#result tbody tr")
    }
    assert not browser.find_element(By.ID, "error").text
    assert cells["zorgtoeslag"][1].get_attribute("data-value") not in (None, "")
    for name, row in cells.items():
        assert row[1].text, name  # a value or "not covered", never an empty cell


def test_the_root_stays_json_for_an_api_client(server):
    import json
    import urllib.error
    import urllib.request

    # OpenFisca's welcome answers 300 (Multiple Choices) with its JSON message: unchanged for API clients
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(urllib.request.Request(server + "/", headers={"Accept": "application/json"}))
    assert answer.value.code == 300 and "welcome" in json.loads(answer.value.read())
    with urllib.request.urlopen(urllib.request.Request(server + "/", headers={"Accept": "text/html"})) as r:
        assert r.headers["Content-Type"].startswith("text/html") and b'id="calculate"' in r.read()


def test_household_html_reads_in_a_browser(browser, tmp_path, capsys):
    from openfisca_amsterdam.cli import main

    out = tmp_path / "household.html"
    assert (
        main(["household", "docs/examples/paar_met_kostendeler.json", "--period", "2024-03", "--html", str(out)]) == 0
    )
    assert "written" in capsys.readouterr().out
    browser.get(out.as_uri())
    text = browser.execute_script("return document.getElementById('view').innerText")
    assert "Besteedbaar inkomen" in text and "Where to apply:" in text
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 1280
