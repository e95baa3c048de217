"""The tax-benefit system: loads the law (parameters/, variables/) and applies coverage."""

from __future__ import annotations

import importlib.resources
import pathlib

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_amsterdam import coverage, entities


def law_directory(part: str) -> pathlib.Path:
    """Folder of ``parameters``, ``variables`` or ``reforms``, in a checkout, an editable or a wheel install."""
    return pathlib.Path(str(importlib.resources.files(f"openfisca_amsterdam.{part}")))


class CountryTaxBenefitSystem(TaxBenefitSystem):
    """Dutch and Amsterdam income support, 2022-2026."""

    CURRENCY = "€"

    def __init__(self) -> None:
        super().__init__(entities.entities)
        self.load_parameters(str(law_directory("parameters")))
        #: One row per parameter: covered dates, unit, source (see :mod:`openfisca_amsterdam.coverage`).
        self.coverage = coverage.apply_coverage(self.parameters)
        self.add_variables_from_directory(str(law_directory("variables")))
