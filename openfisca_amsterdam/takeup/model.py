"""The take-up model's calibration: intercepts such that each scheme's weighted non-take-up equals its base rate,
on the whole population.

For unit i entitled to scheme s, the rules (``variables/niet_gebruik/``) give the propensity
``z_is = logit(U_is) - x_is``: the unit claims when ``z_is >= alpha_s``. ``U_is = Phi(sqrt(rho) F_h + sqrt(1 - rho)
e_is)`` with a household factor ``F_h`` shared by all schemes; ``x_is`` adds the determinants
(``parameters/niet_gebruik/determinanten/``). ``alpha_s`` is the weighted quantile of the propensities of the units that
can miss the scheme (eligible, not granted automatically) at which the share of eligible units not receiving equals the
rate (``parameters/niet_gebruik/<scheme>.yaml``: basis / laag / hoog). Every chunk contributes its units' propensities
(:func:`openfisca_amsterdam.analysis.chunk.calibration_data`), so the intercepts do not depend on row order or chunking.

Stage 0 (bijstand, AIO) is calibrated first. For the other schemes, receiving bijstand enters the determinants
(``bijstandsontvanger``) and the Stadspas is sent automatically to bijstand recipients: both follow from the bijstand
intercept, so they are applied here before the stage-1 intercepts are found.
"""

from __future__ import annotations

import dataclasses

import numpy
import pandas

from openfisca_amsterdam.takeup.schemes import BY_NAME


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
    return (
        main
        + [Variant(f"seed_{seed + k}", "basis", seed + k) for k in (1, 2)]
        + [Variant("laag", "laag", seed), Variant("hoog", "hoog", seed)]
    )


#: Bounds of an intercept (log-odds): below every propensity (nobody misses) or above (every free unit misses).
NOBODY, EVERYONE = -1e3, 1e3


def threshold(z, w, ids, target_weight: float) -> float:
    """alpha such that the weight of units with ``z < alpha`` is as close as possible to ``target_weight``.

    Sorted by (z, id), so the answer does not depend on the order in which units arrive.
    """
    if target_weight <= 0 or len(z) == 0:
        return NOBODY
    order = numpy.lexsort((numpy.asarray(ids).astype(str), z))
    z, cumulative = numpy.asarray(z)[order], numpy.cumsum(numpy.asarray(w)[order])
    if target_weight >= cumulative[-1]:
        return EVERYONE
    k = int(numpy.searchsorted(cumulative, target_weight))
    if k > 0 and abs(cumulative[k - 1] - target_weight) < abs(cumulative[k] - target_weight):
        k -= 1
    return float((z[k] + z[k + 1]) / 2) if k + 1 < len(z) else float(z[k] + 1)


def _receives_bijstand(frame, intercepts, variant):
    alpha = intercepts.get((variant.name, "bijstand"))
    if alpha is None:
        return numpy.zeros(len(frame), bool)
    return frame["bijstand_eligible"].to_numpy(bool) & (frame["bijstand_z"].to_numpy() >= alpha)


def calibrate(frames: dict, variants, rates, bijstandsontvanger: float):
    """Intercepts {(variant, scheme): alpha} from the whole population's calibration frames {(seed, scheme): frame},
    and the check table (scheme, variant, target, calibrated share)."""
    intercepts, rows = {}, []
    names = sorted({name for _, name in frames}, key=lambda n: (BY_NAME[n].stage, n))
    for variant in variants:
        for name in names:
            frame = frames[(variant.seed, name)]
            scheme = BY_NAME[name]
            z = frame["z"].to_numpy()
            automatic = frame["automatic"].to_numpy(bool)
            if scheme.stage > 0:
                receives = _receives_bijstand(frame, intercepts, variant)
                z = z - bijstandsontvanger * receives
                if scheme.automatic_through_bijstand:
                    automatic = automatic & receives
            free = ~automatic & ~frame["ambtshalve"].to_numpy(bool)
            w = frame["w"].to_numpy()
            target = float(getattr(getattr(rates, name), variant.level))
            alpha = threshold(z[free], w[free], frame["id"].to_numpy()[free], target * w.sum())
            intercepts[(variant.name, name)] = alpha
            share = float(w[free][z[free] < alpha].sum() / w.sum()) if w.sum() > 0 else numpy.nan
            rows.append(
                {"scheme": name, "variant": variant.name, "target": target, "calibrated": share, "units_n": len(frame)}
            )
    return intercepts, pandas.DataFrame(rows)
