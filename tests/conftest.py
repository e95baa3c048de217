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
