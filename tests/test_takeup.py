"""Deterministic draws and the take-up model."""

import numpy
import pytest

from openfisca_amsterdam.formula_helpers import latent_uniform, takeup_propensity, uniform
from openfisca_amsterdam.takeup import model


def test_draws_are_a_pure_function_of_id_salt_and_seed():
    ids = numpy.array([f"g{i}" for i in range(1000)])
    u = uniform(ids, "bijstand", 3)
    # the same id draws the same number whatever the order or the chunk it comes in
    numpy.testing.assert_array_equal(uniform(ids[::-1], "bijstand", 3), u[::-1])
    numpy.testing.assert_array_equal(uniform(ids[500:], "bijstand", 3), u[500:])
    assert not numpy.allclose(uniform(ids, "bijstand", 4), u)
    assert not numpy.allclose(uniform(ids, "stadspas", 3), u)


def test_draws_are_uniform():
    u = uniform(numpy.arange(200_000), "x", 0)
    assert 0 <= u.min() and u.max() < 1
    counts, _ = numpy.histogram(u, bins=10, range=(0, 1))
    assert numpy.abs(counts / 20_000 - 1).max() < 0.03


def test_calibration_hits_the_rate_on_the_draws_in_any_order():
    n = 5000
    u = uniform(numpy.arange(n), "s", 1)
    x = numpy.linspace(-1, 1, n)
    z = takeup_propensity(u, x)
    w = numpy.where(numpy.arange(n) % 2, 1.0, 3.0)
    automatic = numpy.arange(n) % 7 == 0
    free = ~automatic
    alpha = model.threshold(z[free], w[free], numpy.arange(n)[free], 0.34 * w.sum())
    missing = free & (z < alpha)
    assert w[missing].sum() / w.sum() == pytest.approx(0.34, abs=0.001)
    # the same units in another order give the same intercept
    order = numpy.random.default_rng(0).permutation(n)
    assert model.threshold(z[order][free[order]], w[order][free[order]], order[free[order]], 0.34 * w.sum()) == alpha
    # the rules' claim (propensity >= intercept) is the complement of the calibration's "z < alpha"
    assert not (missing & (z >= alpha)).any()
    assert model.threshold(z, w, numpy.arange(n), 0.0) == model.NOBODY
    assert model.threshold(z, w, numpy.arange(n), 2 * w.sum()) == model.EVERYONE


def test_non_take_up_clusters_in_households():
    n = 40_000
    households = numpy.arange(n)
    a = latent_uniform(households, households, "bijstand", 0, 0.5) < 0.3
    b = latent_uniform(households, households, "stadspas", 0, 0.5) < 0.3
    assert abs(a.mean() - 0.3) < 0.01 and abs(b.mean() - 0.3) < 0.01  # marginals kept
    assert b[a].mean() > b[~a].mean() + 0.15  # who misses bijstand tends to miss the Stadspas too
    independent = latent_uniform(households, households, "stadspas", 0, 0.0) < 0.3
    assert abs(independent[a].mean() - independent[~a].mean()) < 0.02
