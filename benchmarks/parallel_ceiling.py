"""What two processes can gain on this machine at all: the same CPU-bound work run alone, then twice at once.

Issue 15 asks Dask on 2 workers for at least 1.6x one process. That is only possible if two processes doing the
simulation's kind of work at the same time each run nearly as fast as one alone. This measures it, with no Dask and no
OpenFisca: a pure-Python loop (the engine's dispatch) and numpy element-wise work on arrays of a chunk's size (the
formulas), each alone and as two simultaneous processes. ``ceiling = 2 x alone / together``::

    .venv/bin/python benchmarks/parallel_ceiling.py --repeat 3
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time

import numpy

#: Elements per array: about a 25,000-household chunk's persons.
SIZE = 50_000


def python_work(steps: int = 12_000_000) -> float:
    started = time.perf_counter()
    total = 0
    for k in range(steps):
        total += k % 7
    return time.perf_counter() - started


def numpy_work(rounds: int = 1600, size: int = SIZE) -> float:
    rng = numpy.random.default_rng(0)
    a, b = rng.random(size), rng.random(size)
    started = time.perf_counter()
    for _ in range(rounds):
        c = numpy.where(a > b, a * 1.05 - b, numpy.maximum(a - b, 0))
        a = numpy.floor(numpy.round(c * 100, 6) + 0.5) / 100 + b
    return time.perf_counter() - started


def numpy_work_large() -> float:
    """The same on arrays ten times larger (4 MB each): beyond the caches, like a chunk's many arrays."""
    return numpy_work(rounds=160, size=10 * SIZE)


def _together(work, processes: int) -> float:
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        pool.map(abs, range(processes))  # start the workers before timing
        started = time.perf_counter()
        pool.starmap(work, [()] * processes)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| work | alone (s) | two at once (s) | ceiling for 2 processes |")
    print("|---|---|---|---|")
    works = (
        ("pure-Python loop", python_work),
        ("numpy element-wise, 50k elements", numpy_work),
        ("numpy element-wise, 500k elements", numpy_work_large),
    )
    for label, work in works:
        alone, together = [], []
        for _ in range(args.repeat):  # alternating: the machine's speed drifts
            alone.append(_together(work, 1))
            together.append(_together(work, 2))
        a, t = statistics.median(alone), statistics.median(together)
        print(f"| {label} | {a:.2f} | {t:.2f} | {2 * a / t:.2f}x |")


if __name__ == "__main__":
    main()
