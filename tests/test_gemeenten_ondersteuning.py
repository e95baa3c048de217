"""gemeentelijke_ondersteuning_per_jaar: a total is never a partial sum of the covered components."""

import pytest

from openfisca_amsterdam.coverage import NotCoveredError
from openfisca_amsterdam.situation import calculate


def _single(gemeente):
    return {
        "personen": {"p": {"geboortedatum": "1985-01-01"}},
        "gezinnen": {"g": {"volwassenen": ["p"], "in_schuldhulp": {"2023-01": True}}},
        "huishoudens": {"h": {"bewoners": ["p"], "gemeente": {"2023": gemeente}}},
    }


def test_amsterdam_total_is_not_covered_while_kwijtschelding_is_not():
    # the energietoeslag 2023 alone is 800 via debt counselling, but Amsterdam's kwijtschelding percentages were not
    # found: the total must say so instead of returning 800
    with pytest.raises(NotCoveredError) as error:
        calculate(_single("GM0363"), "gemeentelijke_ondersteuning_per_jaar", "2023-01")
    assert error.value.parameter.startswith(
        ("gemeenten.amsterdam.kwijtschelding", "gemeenten.amsterdam.individuele_inkomenstoeslag")
    )


def test_outside_amsterdam_the_total_is_zero():
    assert calculate(_single("GM0344"), "gemeentelijke_ondersteuning_per_jaar", "2023-01") == {"g": 0.0}
