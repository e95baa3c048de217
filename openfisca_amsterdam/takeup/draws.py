"""Deterministic uniform draws (a pure hash of id, salt and seed). The implementation lives with the formula helpers,
because the take-up variables of the rules (``variables/niet_gebruik/``) draw with it too."""

from openfisca_amsterdam.formula_helpers import latent_uniform, splitmix64, uniform

__all__ = ["latent_uniform", "splitmix64", "uniform"]
