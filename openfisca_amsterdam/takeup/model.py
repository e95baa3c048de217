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
    """One take-up scenario of a run: where each scheme's rate lies in its published range, a draw seed, and the
    values of the model's assumptions (docs/takeup.md#uncertainty).

    ``level`` is ``basis``, ``laag`` or ``hoog`` (every rate at that point of its range) unless ``rates`` gives a
    position in [0, 1] between ``laag`` and ``hoog`` per scheme. ``assumptions`` replaces determinants
    (``niet_gebruik.determinanten.<name>``) by other values of their range (``niet_gebruik.onzekerheid.<name>``).
    """

    name: str
    level: str = "basis"
    seed: int = 0
    assumptions: tuple = ()  # ((determinant name, value), ...)
    rates: tuple = ()  # ((scheme, position in [0, 1]), ...)
    #: the assumption this variant moves alone (one-at-a-time sensitivity), "" for the others
    moves: str = ""

    def rate(self, rates, scheme: str) -> float:
        """The non-take-up rate of ``scheme`` in this variant (``rates``: the ``niet_gebruik`` parameters)."""
        node = getattr(rates, scheme)
        positions = dict(self.rates)
        if scheme in positions:
            return float(node.laag) + positions[scheme] * (float(node.hoog) - float(node.laag))
        return float(getattr(node, self.level))

    def determinant(self, rates, name: str) -> float:
        """A determinant's value in this variant: its assumption value, or the parameter."""
        return float(dict(self.assumptions).get(name, getattr(rates.determinanten, name)))

    @property
    def overrides(self) -> tuple:
        """The parametric changes this variant makes to the rules' take-up parameters: ((path, value), ...)."""
        return tuple((f"niet_gebruik.determinanten.{name}", float(value)) for name, value in self.assumptions)

    @property
    def draw_key(self) -> tuple:
        """What the propensities of pass 1 depend on: the seed and the assumptions (not the rates)."""
        return (self.seed, self.assumptions)


#: The model's assumptions drawn in the Monte Carlo, each with its range in ``niet_gebruik.onzekerheid.<name>``.
ASSUMPTIONS = (
    "latente_correlatie",
    "jong",
    "zelfstandige",
    "alleenstaande_ouder",
    "inkomen",
    "klein_bedrag",
    "bijstandsontvanger",
    "eigen_aanvraag",
    "terugvorderingsrisico",
)
#: Default number of Monte Carlo draws beside the main variant (``--draws`` asks for more).
DEFAULT_DRAWS = 4


def assumption_ranges(rates) -> dict:
    """{assumption: (low, high)} from ``niet_gebruik.onzekerheid`` (the assumptions the parameters define)."""
    ranges = {}
    for name in ASSUMPTIONS:
        node = getattr(rates.onzekerheid, name, None) if hasattr(rates, "onzekerheid") else None
        if node is not None:
            ranges[name] = (float(node.laag), float(node.hoog))
    return ranges


def _draw(salt: str, seed: int, k: int) -> float:
    from openfisca_amsterdam.formula_helpers import uniform

    return float(uniform([k], salt, seed)[0])


def default_variants(
    seed: int, uncertainty: bool = True, draws: int = DEFAULT_DRAWS, ranges: dict | None = None, sensitivity=False
) -> list[Variant]:
    """The main variant, then (for the intervals) ``draws`` Monte Carlo draws and, with ``sensitivity``, the
    one-at-a-time variants of the tornado.

    Draw k has seed ``seed + k``, every scheme's rate at a uniform position in its published range and every
    assumption of ``ranges`` at a uniform point of its range; all positions are hashes of (k, name, seed), so a run
    is reproducible. The sensitivity variants move one assumption to the low or high end of its range (the rates:
    every scheme at ``laag`` / ``hoog``; the draws: seeds ``seed + 1`` and ``seed + 2``).
    """
    from openfisca_amsterdam.takeup.schemes import SCHEMES

    main = [Variant("basis", "basis", seed)]
    if not uncertainty:
        return main
    ranges = dict(ranges or {})
    out = list(main)
    for k in range(1, int(draws) + 1):
        assumptions = tuple(
            (name, low + _draw(f"assumption:{name}", seed, k) * (high - low))
            for name, (low, high) in sorted(ranges.items())
        )
        rates = tuple((s.name, _draw(f"rate:{s.name}", seed, k)) for s in SCHEMES)
        out.append(Variant(f"draw_{k}", "draw", seed + k, assumptions, rates))
    if sensitivity:
        out += [
            Variant("sens_niet_gebruik_laag", "laag", seed, moves="niet_gebruik"),
            Variant("sens_niet_gebruik_hoog", "hoog", seed, moves="niet_gebruik"),
            Variant("sens_trekking_laag", "basis", seed + 1, moves="trekking"),
            Variant("sens_trekking_hoog", "basis", seed + 2, moves="trekking"),
        ]
        for name, (low, high) in sorted(ranges.items()):
            out += [
                Variant(f"sens_{name}_laag", "basis", seed, ((name, low),), moves=name),
                Variant(f"sens_{name}_hoog", "basis", seed, ((name, high),), moves=name),
            ]
    return out


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


def calibrate(frames: dict, variants, rates):
    """Intercepts {(variant, scheme): alpha} from the whole population's calibration frames
    {(variant.draw_key, scheme): frame}, and the check table (scheme, variant, target, calibrated share)."""
    intercepts, rows = {}, []
    names = sorted({name for _, name in frames}, key=lambda n: (BY_NAME[n].stage, n))
    for variant in variants:
        for name in names:
            frame = frames[(variant.draw_key, name)]
            scheme = BY_NAME[name]
            z = frame["z"].to_numpy()
            automatic = frame["automatic"].to_numpy(bool)
            if scheme.stage > 0:
                receives = _receives_bijstand(frame, intercepts, variant)
                z = z - variant.determinant(rates, "bijstandsontvanger") * receives
                if scheme.automatic_through_bijstand:
                    automatic = automatic & receives
            free = ~automatic & ~frame["ambtshalve"].to_numpy(bool)
            w = frame["w"].to_numpy()
            target = variant.rate(rates, name)
            alpha = threshold(z[free], w[free], frame["id"].to_numpy()[free], target * w.sum())
            intercepts[(variant.name, name)] = alpha
            share = float(w[free][z[free] < alpha].sum() / w.sum()) if w.sum() > 0 else numpy.nan
            rows.append(
                {"scheme": name, "variant": variant.name, "target": target, "calibrated": share, "units_n": len(frame)}
            )
    return intercepts, pandas.DataFrame(rows)
