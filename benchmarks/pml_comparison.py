"""The same-persons comparison with MinBZK/poc-machine-law: 10,000 single renters, zorgtoeslag and huurtoeslag for
2025-03, in persons per second.

This engine is measured in two ways, in one run: with the toetsingsinkomen given (what the other engine is given),
and deriving the whole income chain from a gross wage. The other engine is looked for as the Python package
``machine`` (poc-machine-law installed in this interpreter); where it is not installed the script says so and
reports only this engine. None of its code is used or copied::

    .venv/bin/python benchmarks/pml_comparison.py --persons 10000
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time

import numpy
from openfisca_core.simulation_builder import SimulationBuilder

from openfisca_amsterdam.analysis.systems import system_for

PERIOD = "2025-03"


def renters(n: int, seed: int = 0) -> dict:
    """Single adults aged 25-65 renting a home: monthly gross wage, yearly income and rent."""
    rng = numpy.random.default_rng(seed)
    wage = numpy.round(rng.uniform(0, 3500, n), 2)
    return {
        "geboortedatum": numpy.array(
            [f"{y}-{m:02d}-15" for y, m in zip(rng.integers(1960, 2000, n), rng.integers(1, 13, n), strict=True)],
            dtype="datetime64[D]",
        ),
        "bruto_loon": wage,
        "toetsingsinkomen": wage * 12,
        "kale_huur": numpy.round(rng.uniform(450, 900, n), 2),
    }


def simulation(data: dict, derive_income: bool):
    system = system_for()
    n = data["kale_huur"].size
    ids = [f"p{i}" for i in range(n)]
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("persoon", ids)
    for key, role in (("gezin", "volwassene"), ("huishouden", "bewoner")):
        entity = builder.declare_entity(key, [f"{key[0]}{i}" for i in range(n)])
        builder.join_with_persons(entity, [f"{key[0]}{i}" for i in range(n)], [role] * n)
    sim = builder.build(system)
    sim.set_input("geboortedatum", "ETERNITY", data["geboortedatum"])
    sim.set_input("kale_huur", PERIOD, data["kale_huur"])
    if derive_income:
        for month in range(1, 13):
            sim.set_input("bruto_loon", f"2025-{month:02d}", data["bruto_loon"])
    else:
        sim.set_input("toetsingsinkomen", "2025", data["toetsingsinkomen"])
    return sim


def ours(data: dict, derive_income: bool) -> tuple[float, numpy.ndarray, numpy.ndarray]:
    started = time.perf_counter()
    sim = simulation(data, derive_income)
    zorg = sim.calculate("zorgtoeslag", PERIOD)
    huur = sim.calculate("huurtoeslag", PERIOD)
    return time.perf_counter() - started, zorg, huur


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=10_000)
    args = parser.parse_args()
    data = renters(args.persons)
    ours(renters(100), False)  # load the system once
    given, zorg, huur = ours(data, False)
    derived, *_ = ours(data, True)
    print(f"{args.persons:,} single renters, zorgtoeslag and huurtoeslag {PERIOD}\n")
    print("| engine | inputs | persons/s |")
    print("|---|---|---|")
    print(f"| openfisca-amsterdam | toetsingsinkomen given | {args.persons / given:,.0f} |")
    print(f"| openfisca-amsterdam | gross wage, income chain derived | {args.persons / derived:,.0f} |")
    print(f"\nmean zorgtoeslag {zorg.mean():.2f}, mean huurtoeslag {huur.mean():.2f} (checks that both were computed)")
    if importlib.util.find_spec("machine") is None:
        print(
            "\nMinBZK/poc-machine-law is not installed in this interpreter (package 'machine'; it needs "
            f"Python >= 3.12, this is {sys.version.split()[0]}): its side was not measured. The last recorded figure "
            "is in "
            "benchmarks/results.md."
        )
        return
    print(
        "\npoc-machine-law is installed, but its per-person driver is not written yet: its inputs come from its own "
        "profile tables (Services.set_source_dataframe), which this script does not build. Measure it with that "
        "engine's own tools on these persons and add the figure to benchmarks/results.md."
    )


if __name__ == "__main__":
    main()
