"""The take-up model: who claims an entitlement, drawn deterministically and calibrated to the base rates.

For unit i (gezin or huishouden) entitled to scheme s:

* the log-odds of NOT claiming are ``alpha_s + x_i``, where ``x_i`` adds the documented determinants
  (``parameters/niet_gebruik/determinanten/``: young, self-employed, single parent, bijstand recipient,
  small amount, income relative to the social minimum);
* the unit does not claim when ``U_is < sigmoid(alpha_s + x_i)``, with ``U_is = Phi(sqrt(rho) F_h +
  sqrt(1 - rho) e_is)``: ``F_h`` a household factor shared by all schemes (the capacity to deal with agencies)
  and ``e_is`` the scheme's own noise, both standard normal from :func:`draws.uniform`. ``U`` is uniform, so
  each scheme keeps its own rate while non-take-up clusters in households (``latente_correlatie`` = rho);
* ``alpha_s`` is calibrated on the draws so that the weighted share of entitled units that do not claim equals
  the scheme's rate (``parameters/niet_gebruik/<scheme>.yaml``, basis / laag / hoog); units granted
  automatically count as claimers. Reforms reuse the baseline's ``alpha_s`` (same draws, same behaviour).
"""

from __future__ import annotations

import dataclasses

import numpy
from scipy.special import expit, ndtr, ndtri

from openfisca_amsterdam.takeup.draws import uniform


@dataclasses.dataclass(frozen=True)
class Variant:
    """One take-up scenario of a run: a rate level of the published range and a draw seed."""

    name: str
    level: str = "basis"
    seed: int = 0


def default_variants(seed: int, uncertainty: bool = True) -> list[Variant]:
    """The main variant, then (for the intervals) two more seeds and the low and high ends of the ranges."""
    main = [Variant("basis", "basis", seed)]
    if not uncertainty:
        return main
    return main + [Variant(f"seed_{seed + k}", "basis", seed + k) for k in (1, 2)] + [
        Variant("laag", "laag", seed), Variant("hoog", "hoog", seed)]


def latent_uniform(unit_ids, household_ids, scheme: str, seed: int, rho: float) -> numpy.ndarray:
    """Uniform draws per unit, correlated across schemes within a household (Gaussian copula)."""
    common = ndtri(numpy.clip(uniform(household_ids, "huishouden-factor", seed), 1e-12, 1 - 1e-12))
    own = ndtri(numpy.clip(uniform(unit_ids, scheme, seed), 1e-12, 1 - 1e-12))
    return ndtr(numpy.sqrt(rho) * common + numpy.sqrt(1 - rho) * own)


def shift(determinants: dict, coefficients) -> numpy.ndarray:
    """x_i: the determinants' contribution to the log-odds of not claiming."""
    return sum(getattr(coefficients, name) * numpy.asarray(value, dtype=float) for name, value in determinants.items())


def not_claiming(u, x, alpha) -> numpy.ndarray:
    return u < expit(alpha + x)


def calibrate(u, x, weight, eligible, automatic, target: float, expected: bool = False) -> float:
    """alpha such that the weighted share of eligible units that do not claim equals ``target`` (bisection).

    On the draws themselves (``expected=False``: exact for the units calibrated on, used when one chunk holds the
    whole population) or on the expected probabilities (``expected=True``: used when the first chunk of a larger
    population calibrates for all chunks, so that its own draw noise is not carried to the others).
    Automatic grants always count as claims; when they alone make the target unreachable the closest
    alpha is returned (the run reports the realised rate).
    """
    free = eligible & ~automatic
    total = weight[eligible].sum()
    if total <= 0 or target <= 0:
        return -50.0
    u, x, w = u[free], x[free], weight[free]
    low, high = -50.0, 50.0
    for _ in range(80):
        mid = (low + high) / 2
        share = (w * expit(mid + x)).sum() / total if expected else w[not_claiming(u, x, mid)].sum() / total
        low, high = (mid, high) if share < target else (low, mid)
    return (low + high) / 2
