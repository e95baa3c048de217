"""openfisca-amsterdam: rules as code for Dutch and Amsterdam income support.

``CountryTaxBenefitSystem`` is what ``openfisca test`` and ``openfisca serve`` load
(``--country-package openfisca_amsterdam``).
"""

from importlib.metadata import PackageNotFoundError, version

from openfisca_amsterdam.coverage import NotCoveredError
from openfisca_amsterdam.system import CountryTaxBenefitSystem

try:
    __version__ = version("openfisca-amsterdam")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0+unknown"

__all__ = ["CountryTaxBenefitSystem", "Microsimulation", "NotCoveredError", "__version__"]


def __getattr__(name):
    """``Microsimulation`` is imported on first use (pandas and the population layer are not needed by the rules)."""
    if name == "Microsimulation":
        from openfisca_amsterdam.analysis.microsimulation import Microsimulation

        return Microsimulation
    raise AttributeError(f"module 'openfisca_amsterdam' has no attribute {name!r}")
