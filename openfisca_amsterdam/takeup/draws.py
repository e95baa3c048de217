"""Deterministic uniform draws: a pure hash of (entity id, salt, seed), no global random state.

The same gezin draws the same number in the baseline and in every reform (common random numbers), in any
chunking and on any Dask worker, because the number depends only on its id, the scheme's salt and the seed.
"""

from __future__ import annotations

import hashlib

import numpy
import pandas

_MASK = numpy.uint64(0xFFFFFFFFFFFFFFFF)


def splitmix64(x: numpy.ndarray) -> numpy.ndarray:
    """The splitmix64 finaliser (Steele, Lea & Flood 2014) on uint64 arrays (wrapping arithmetic)."""
    x = numpy.asarray(x, dtype=numpy.uint64)
    with numpy.errstate(over="ignore"):
        x = x + numpy.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> numpy.uint64(30))) * numpy.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> numpy.uint64(27))) * numpy.uint64(0x94D049BB133111EB)
        return x ^ (x >> numpy.uint64(31))


def _key(salt: str, seed: int) -> numpy.uint64:
    digest = hashlib.blake2b(f"{salt}\x00{int(seed)}".encode(), digest_size=8).digest()
    return numpy.uint64(int.from_bytes(digest, "little"))


def uniform(ids, salt: str, seed: int) -> numpy.ndarray:
    """One uniform number in [0, 1) per id (ids: strings or integers), fixed by (id, salt, seed)."""
    hashed = pandas.util.hash_array(numpy.asarray(ids).astype(str).astype(object), hash_key="openfisca-amster")
    bits = splitmix64(hashed ^ splitmix64(numpy.full(len(hashed), _key(salt, seed))))
    return (bits >> numpy.uint64(11)).astype(numpy.float64) * (1.0 / 9007199254740992.0)
