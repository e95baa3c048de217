"""Throughput of the rules on many households at once (vectorised OpenFisca simulation).

Builds N single-adult households (half with two children, incomes and rents spread), computes the monthly
entitlements for one month and reports households per second and peak memory. Run:

    .venv/bin/python benchmarks/household_throughput.py 100000 2025-03
"""

import resource
import sys
import time

import numpy
from openfisca_core.simulation_builder import SimulationBuilder

from openfisca_amsterdam import CountryTaxBenefitSystem

VARIABLES = ["bijstand", "aio", "zorgtoeslag", "kindgebonden_budget", "kinderbijslag", "huurtoeslag"]


def build(system, n, month):
    """n gezinnen of one adult (and, for every second one, two children), each in its own dwelling."""
    rng = numpy.random.default_rng(0)
    children = 2 * (numpy.arange(n) % 2)
    persons = n + int(children.sum())
    builder = SimulationBuilder()
    builder.create_entities(system)
    person_ids = [f"p{i:08d}" for i in range(persons)]
    builder.declare_person_entity("persoon", person_ids)
    gezin_of_person = numpy.repeat(numpy.arange(n), 1 + children)
    first = numpy.r_[0, numpy.cumsum(1 + children)[:-1]]
    is_adult = numpy.zeros(persons, dtype=bool)
    is_adult[first] = True
    # role keys (singular); zero-padded ids, because OpenFisca maps assignments through the sorted ids
    for key, roles in (
        ("gezin", numpy.where(is_adult, "volwassene", "kind")),
        ("huishouden", numpy.full(persons, "bewoner")),
    ):
        entity = builder.declare_entity(key, [f"{key}{i:08d}" for i in range(n)])
        builder.join_with_persons(entity, gezin_of_person, roles)
    simulation = builder.build(system)
    year = int(month[:4])
    age = numpy.where(is_adult, rng.integers(18, 80, persons), rng.integers(0, 18, persons))
    birth = numpy.array([f"{year - a - 1}-06-15" for a in age], dtype="datetime64[D]")
    simulation.set_input("geboortedatum", "ETERNITY", birth)
    wage = numpy.where(is_adult, rng.choice([0, 0, 1000, 2000, 3000], persons), 0).astype(float)
    for m in range(1, 13):  # the whole year: the toetsingsinkomen of the toeslagen reads every month
        simulation.set_input("bruto_loon", f"{year}-{m:02d}", wage)
    simulation.set_input("kale_huur", month, rng.uniform(300, 1000, n))
    return simulation


def main(n=20000, month="2025-03"):
    system = CountryTaxBenefitSystem()
    start = time.perf_counter()
    simulation = build(system, n, month)
    built = time.perf_counter()
    totals = {name: float(simulation.calculate(name, month).sum()) for name in VARIABLES}
    done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"households: {n}; build {built - start:.1f} s; compute {done - built:.1f} s; "
        f"{n / (done - built):,.0f} households/s; peak memory {peak:,.0f} MiB"
    )
    for name, total in totals.items():
        print(f"  {name:<22} total per month EUR {total:,.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000, sys.argv[2] if len(sys.argv) > 2 else "2025-03")
