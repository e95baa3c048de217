"""Small vectorial helpers shared by the law's formulas (machinery, no legal numbers)."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence

import numpy

from openfisca_amsterdam.coverage import NotCoveredError
from openfisca_amsterdam.dates import (  # noqa: F401 - the law's date helpers, re-exported for the formulas
    MONTHS_PER_QUARTER,
    MONTHS_PER_YEAR,
    add_months,
    age_on,
    months_since_birth_month,
    quarter_start,
)
from openfisca_amsterdam.unit_coverage import active_collector, branch, subset
from openfisca_amsterdam.validation import GEMEENTECODE


def round_cents(amount):
    """Round half up to whole cents, as payment and norm tables do (1001.065 -> 1001.07).

    Rounding the cents to 6 decimals first absorbs binary floating-point error
    (1001.065 is stored as 1001.06499...).
    """
    amount = numpy.asarray(amount, dtype=float)
    return numpy.floor(numpy.round(amount * 100, 6) + 0.5) / 100


#: Decimals to which an amount is rounded before it is cut to whole cents or euros: absorbs binary floating-point error
#: (25,070.0000000001 stays 25,070), far below a cent.
_FLOAT_NOISE_DECIMALS = 6


def ceil_euros(amount):
    """Round up to whole euros (e.g. the drempelinkomen, art. 1 Wzt), ignoring floating-point noise."""
    return numpy.ceil(numpy.round(numpy.asarray(amount, dtype=float), _FLOAT_NOISE_DECIMALS))


def floor_euros(amount):
    """Round down to whole euros (e.g. a monthly toeslag voorschot), ignoring floating-point noise."""
    return numpy.floor(numpy.round(numpy.asarray(amount, dtype=float), _FLOAT_NOISE_DECIMALS))


#: Decimals kept of a model quantity summed over members in an order that depends on the rows (bit-stable results).
STABLE_DECIMALS = 9


def ceil_cents(amount):
    """Round up to whole cents, ignoring floating-point noise."""
    cents = numpy.asarray(amount, dtype=float) * CENTS_PER_EURO
    return numpy.ceil(numpy.round(cents, _FLOAT_NOISE_DECIMALS)) / CENTS_PER_EURO


def bisect_increasing(function, low, high, iterations: int):
    """Per element, the x in [low, high] with function(x) = 0 for an increasing function, by bisection (whole arrays
    at once): the midpoint after ``iterations`` halvings."""
    for _ in range(iterations):
        middle = (low + high) / HALVES
        below = function(middle) < 0
        low, high = numpy.where(below, middle, low), numpy.where(below, high, middle)
    return (low + high) / HALVES


CENTS_PER_EURO = 100
HALVES = 2


def round_to(amount, step: float):
    """Round half up to a multiple of ``step`` (e.g. 0.05 for the monthly minimum wage)."""
    amount = numpy.asarray(amount, dtype=float)
    return numpy.round(numpy.floor(numpy.round(amount / step, 6) + 0.5) * step, 2)


def select_needed(conditions: Sequence, values: Sequence[Callable[[], object]], default=0.0):
    """Like ``numpy.select``, but a value is only computed when some entity needs it.

    Each value is a zero-argument callable (usually a parameter lookup). A parameter that is not
    covered for the period (see :mod:`openfisca_amsterdam.coverage`) therefore only raises when a
    household in the simulation actually falls in that category, instead of blocking everyone.
    In a population run (:func:`unit_coverage.collecting`) it does not raise: the units that needed it are
    recorded as not covered and get ``default``, and the rest of the city is computed.
    """
    conditions = [numpy.asarray(c, dtype=bool) for c in conditions]
    taken = numpy.zeros_like(conditions[0]) if conditions else None
    result = numpy.full(conditions[0].shape, default, dtype=float)
    for condition, value in zip(conditions, values, strict=True):  # as numpy.select: one value per condition
        wanted = condition & ~taken
        if wanted.any():
            try:
                with branch(wanted):
                    computed = value()
                result = numpy.where(wanted, computed, result)
            except NotCoveredError as error:
                collector = active_collector()
                if collector is None:
                    raise
                collector.record(error, wanted)
        taken = taken | condition
    return result


#: Calendar months by number, for rules that read one month of the year (the school year starts in August).
AUGUST, DECEMBER = 8, 12


def calendar_month(period, number: int):
    """The month ``number`` (1-12) of the year of ``period``."""
    return period.this_year.first_month.offset(number - 1, "month")


def select_by_enum(values, node, mask=None, default=0.0):
    """The child of parameter ``node`` named after each unit's Enum value (``node.alleenstaande`` for
    ``alleenstaande``), reading only the children some unit needs; ``mask`` limits which units need a value."""
    members = list(values.possible_values)
    needed = [(values == member) & (True if mask is None else mask) for member in members]
    return select_needed(needed, [lambda name=member.name: node[name] for member in members], default)


def on_units(needed, function: Callable, *arrays):
    """``function(*arrays)`` computed only for the ``needed`` units (the arrays restricted to them, scalars and
    parameter nodes passed as they are), put into an array of zeros: the same values, for a fraction of the work
    when few units need them (e.g. the gross-up of a bijstand most people do not have). Coverage masks met inside
    stand for the needed units."""
    rows = numpy.flatnonzero(needed)
    out = numpy.zeros(numpy.shape(needed), dtype=float)
    if rows.size:
        with subset(rows):
            out[rows] = function(*(a[rows] if isinstance(a, numpy.ndarray) and a.ndim else a for a in arrays))
    return out


def where_needed(condition, value: Callable[[], object], default=0.0):
    """``numpy.where(condition, value(), default)``, calling ``value`` only when needed."""
    return select_needed([condition], [value], default)


def check_gezin_in_one_huishouden(gezin) -> None:
    """Raise a ValueError naming the gezin when its members live in more than one huishouden.

    The situation builder refuses such input; this guard also protects other entry points
    (the Web API, a population table) from computing a wrong kostendelersnorm.
    """
    huishouden = gezin.simulation.populations["huishouden"]
    home = huishouden.members_entity_id
    if gezin.min(home) is None:  # pragma: no cover - defensive
        return
    spread = gezin.min(home) != gezin.max(home)
    if spread.any():
        bad = numpy.asarray(gezin.ids)[spread][:5]
        raise ValueError(
            f"gezin {', '.join(map(str, bad))}: members live in more than one huishouden; "
            "all members of a gezin must live in the same huishouden"
        )


def monthly_toeslag(yearly, minimum_per_year):
    """Monthly payment of a yearly toeslag: the year's amount rounded to whole euros; 0 when it is
    below the AWIR minimum; otherwise a twelfth of it rounded down to whole euros (the Belastingdienst's
    monthly voorschot). This reproduces the Belastingdienst's 2025 zorgtoeslag table by income."""
    yearly = numpy.floor(numpy.round(numpy.maximum(numpy.asarray(yearly, dtype=float), 0), 6) + 0.5)
    return numpy.where(yearly < minimum_per_year, 0, numpy.floor(numpy.round(yearly / 12, 6)))


def check_gemeentecodes(codes) -> None:
    """Raise a ValueError naming the bad codes when a gemeente is not a CBS code of the form GMdddd."""
    bad = sorted({c for c in numpy.unique(numpy.asarray(codes).astype(str)) if not GEMEENTECODE.match(c)})
    if bad:
        raise ValueError(
            f"gemeente: {', '.join(bad[:5])} is not a CBS municipality code of the form GMdddd "
            "(e.g. GM0363 for Amsterdam)"
        )


# --- Take-up (variables/niet_gebruik/): draws, claims and receipts, the same for every scheme ----------------------


def splitmix64(x) -> numpy.ndarray:
    """The splitmix64 finaliser (Steele, Lea & Flood 2014) on uint64 arrays (wrapping arithmetic)."""
    x = numpy.asarray(x, dtype=numpy.uint64)
    with numpy.errstate(over="ignore"):
        x = x + numpy.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> numpy.uint64(30))) * numpy.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> numpy.uint64(27))) * numpy.uint64(0x94D049BB133111EB)
        return x ^ (x >> numpy.uint64(31))


def hash_ids(ids) -> numpy.ndarray:
    """A uint64 hash of each id. Whole-number ids (``5`` or ``"5"``, as microdata and the synthetic population have)
    hash as integers, fast (so ``5``, ``"5"`` and ``"05"`` draw alike); other ids (``"sanne"``) as text."""
    ids = numpy.asarray(ids)
    if ids.dtype.kind not in "iu":
        try:
            ids = ids.astype(numpy.int64)
        except (ValueError, TypeError, OverflowError):
            import pandas

            return pandas.util.hash_array(ids.astype(str).astype(object), hash_key="openfisca-amster")
    return splitmix64(ids.astype(numpy.int64).view(numpy.uint64))


def uniform(ids, salt: str, seed: int) -> numpy.ndarray:
    """One uniform number in [0, 1) per id (strings or integers), a pure hash of (id, salt, seed): no random state,
    so the same unit draws the same number in the baseline and every reform, in any chunking and on any worker."""
    return _uniform_of_hashes(hash_ids(ids), salt, seed)


def _uniform_of_hashes(hashes, salt: str, seed: int) -> numpy.ndarray:
    import hashlib

    digest = hashlib.blake2b(f"{salt}\x00{int(seed)}".encode(), digest_size=8).digest()
    key = numpy.uint64(int.from_bytes(digest, "little"))
    bits = splitmix64(hashes ^ splitmix64(numpy.full(numpy.size(hashes), key)))
    return (bits >> numpy.uint64(11)).astype(numpy.float64) * (1.0 / 9007199254740992.0)


def latent_uniform(unit_ids, household_ids, scheme: str, seed: int, rho: float) -> numpy.ndarray:
    """Uniform draws per unit, correlated across schemes within a household (Gaussian copula with weight ``rho`` on
    a household factor shared by all schemes)."""
    return _latent_of_hashes(hash_ids(unit_ids), hash_ids(household_ids), scheme, seed, rho)


def _latent_of_hashes(unit_hashes, household_hashes, scheme: str, seed: int, rho: float) -> numpy.ndarray:
    from scipy.special import ndtr, ndtri

    common = ndtri(numpy.clip(_uniform_of_hashes(household_hashes, "huishouden-factor", seed), 1e-12, 1 - 1e-12))
    own = ndtri(numpy.clip(_uniform_of_hashes(unit_hashes, scheme, seed), 1e-12, 1 - 1e-12))
    return ndtr(numpy.sqrt(rho) * common + numpy.sqrt(1 - rho) * own)


#: population -> (its ids array, their hashes): the ids of a simulation's population do not change, and hashing
#: 25,000 text ids for each of 16 schemes was 6% of a population run.
_ID_HASHES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _id_hashes(population) -> numpy.ndarray:
    cached = _ID_HASHES.get(population)
    if cached is None or cached[0] is not population.ids:
        cached = (population.ids, hash_ids(population.ids))
        _ID_HASHES[population] = cached
    return cached[1]


def household_ids(unit) -> numpy.ndarray:
    """The id of each unit's huishouden (a gezin: that of its first member)."""
    if unit.entity.key == "huishouden":
        return numpy.asarray(unit.ids)
    huishouden = unit.simulation.populations["huishouden"]
    return numpy.asarray(huishouden.ids)[unit.value_from_first_person(huishouden.members_entity_id)]


def _household_hashes(unit) -> numpy.ndarray:
    huishouden = unit.simulation.populations["huishouden"]
    if unit.entity.key == "huishouden":
        return _id_hashes(huishouden)
    return _id_hashes(huishouden)[unit.value_from_first_person(huishouden.members_entity_id)]


def takeup_draw(unit, period, parameters, scheme: str) -> numpy.ndarray:
    """The unit's latent uniform draw for ``scheme`` in the year (seed and correlation from ``niet_gebruik``);
    equal to ``latent_uniform(unit.ids, household_ids(unit), ...)``, with the id hashes computed once per population."""
    p = parameters(period.start).niet_gebruik
    return _latent_of_hashes(
        _id_hashes(unit), _household_hashes(unit), scheme, p.model.seed, p.determinanten.latente_correlatie
    )


def takeup_propensity(draw, shift) -> numpy.ndarray:
    """logit(U) - x: the unit claims when this is at least the scheme's intercept (U >= sigmoid(intercept + x))."""
    from scipy.special import logit

    return logit(numpy.clip(draw, 1e-12, 1 - 1e-12)) - shift


def not_claiming_probability(intercept, shift) -> numpy.ndarray:
    from scipy.special import expit

    return expit(intercept + shift)


def claims(unit, period, parameters, scheme: str) -> numpy.ndarray:
    """Whether the unit claims ``scheme`` in the year: always in the household calculator (model not active),
    else when its propensity reaches the calibrated intercept."""
    model = parameters(period.start).niet_gebruik.model
    if not model.actief:
        return unit.filled_array(True)
    return unit(f"{scheme}_gebruiksneiging", period) >= model.intercept[scheme]


def months_of(period):
    """The 12 months of the year of ``period``."""
    return [period.this_year.first_month.offset(k, "month") for k in range(12)]


def small_amount_shift(unit, period, parameters, scheme: str, monthly: bool, in_kind: bool) -> numpy.ndarray:
    """The small-amount determinant: per halving of the average monthly amount below the threshold."""
    if in_kind:
        return unit.filled_array(0.0)
    d = parameters(period.start).niet_gebruik.determinanten
    if monthly:
        amounts = numpy.stack([numpy.asarray(unit(scheme, month), dtype=float) for month in months_of(period)])
        positive = (amounts > 0).sum(axis=0)
        per_month = amounts.sum(axis=0) / numpy.maximum(positive, 1)
    else:
        yearly = numpy.asarray(unit(scheme, period.this_year), dtype=float)
        positive = yearly > 0
        per_month = yearly / 12
    halvings = numpy.clip(numpy.log2(d.klein_bedrag_drempel / numpy.maximum(per_month, 1)), 0, None)
    return numpy.where(positive > 0, d.klein_bedrag * halvings, 0.0)


def claim_cost_shift(unit, period, parameters, scheme: str) -> numpy.ndarray:
    """The burden of claiming (docs/takeup.md#claim-cost): the ``eigen_aanvraag`` coefficient when the scheme needs
    its own application (``niet_gebruik.aanvraaglast.eigen_aanvraag.<scheme>``), plus the repayment risk (the
    ``terugvorderingsrisico`` coefficient times the unit's ``inkomensschommeling``) when the scheme is paid as an
    advance and settled afterwards (``niet_gebruik.aanvraaglast.terugvordering.<scheme>``)."""
    p = parameters(period.start).niet_gebruik
    own = bool(getattr(p.aanvraaglast.eigen_aanvraag, scheme))
    shift = unit.filled_array(float(p.determinanten.eigen_aanvraag) if own else 0.0)
    if bool(getattr(p.aanvraaglast.terugvordering, scheme)):
        # the fear of repaying an advance: the more the unit's income moves, the larger the risk
        name = "inkomensschommeling" if unit.entity.key == "gezin" else f"{unit.entity.key}_inkomensschommeling"
        shift = shift + float(p.determinanten.terugvorderingsrisico) * unit(name, period.this_year)
    return shift


def scheme_shift(unit, period, parameters, scheme: str, monthly: bool, in_kind: bool) -> numpy.ndarray:
    """A scheme's own determinants: the small amount at stake and the burden of claiming it."""
    return small_amount_shift(unit, period, parameters, scheme, monthly, in_kind) + claim_cost_shift(
        unit, period, parameters, scheme
    )


def receipt(unit, period, scheme: str, automatic: str | None = None, in_kind: bool = False):
    """What is received of ``scheme``: the entitlement when the unit claims it (or gets it automatically under current
    policy, or ambtshalve), else nothing. A scheme in kind granted ambtshalve is received even without entitlement."""
    claimed = unit(f"neemt_{scheme}_op", period.this_year)
    if automatic:
        claimed = claimed | unit(automatic, period)
    ambtshalve = unit(f"{scheme}_ambtshalve", period)
    value = unit(scheme, period)
    if in_kind:
        return (value & claimed) | ambtshalve
    return numpy.where(claimed | ambtshalve, value, 0)
