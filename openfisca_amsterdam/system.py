"""The tax-benefit system: loads the law (parameters/, variables/) and applies coverage."""

from __future__ import annotations

import importlib.resources
import pathlib

import numpy
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import config as variable_config

from openfisca_amsterdam import coverage, entities
from openfisca_amsterdam.role_masks import RoleMaskEntities

# Amounts are exact to the cent: float32 (OpenFisca's default) has 7 significant digits, so
# 1,401.50 x 0.95 = 1,331.425 becomes 1,331.4249 and rounds to the wrong cent, and amounts above
# EUR 131,072 cannot even hold whole cents. Every float variable (also a reform's) is float64.
variable_config.VALUE_TYPES[float]["dtype"] = numpy.float64


def law_directory(part: str) -> pathlib.Path:
    """Folder of ``parameters``, ``variables`` or ``reforms``, in a checkout, an editable or a wheel install."""
    return pathlib.Path(str(importlib.resources.files(f"openfisca_amsterdam.{part}")))


class CountryTaxBenefitSystem(RoleMaskEntities, TaxBenefitSystem):
    """Dutch and Amsterdam income support, 2022-2026."""

    CURRENCY = "€"

    def __init__(self) -> None:
        super().__init__(entities.entities)
        self.load_parameters(str(law_directory("parameters")))
        #: One row per parameter: covered dates, unit, source (see :mod:`openfisca_amsterdam.coverage`).
        self.coverage = coverage.apply_coverage(self.parameters)
        self.add_variables_from_directory(str(law_directory("variables")))
