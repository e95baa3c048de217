"""OpenFisca-core's entity helpers against the change proposed in ``docs/upstream/entity-helpers.patch``, on the
persons of a synthetic Amsterdam population, in one run: ``has_role``, ``GroupPopulation.sum(role=)`` and
``value_nth_person``. The proposed versions are written here as functions of the same population (the patch's logic,
not the patch applied), and every result is checked equal to OpenFisca's own::

    .venv/bin/python benchmarks/entity_helpers.py --households 100000
"""

from __future__ import annotations

import argparse
import time

import numpy
from openfisca_core.populations import GroupPopulation, Population

from openfisca_amsterdam.analysis.simulation import build
from openfisca_amsterdam.analysis.systems import system_for
from openfisca_amsterdam.entities import Gezin
from openfisca_amsterdam.population import synthetic


def role_mask(group, role, cache):
    """The patch's ``GroupPopulation.role_mask``: computed once per role."""
    if role.key not in cache:
        cache[role.key] = group.members_role == role
    return cache[role.key]


def nth_person_index(group, n, cache):
    """The patch's ``GroupPopulation._nth_person_index``: computed once per n."""
    if n not in cache:
        members_map = group.ordered_members_map
        cache[n] = (group.nb_persons() > n, members_map[group.members_position[members_map] == n])
    return cache[n]


def timed(function, repeat):
    started = time.perf_counter()
    for _ in range(repeat):
        result = function()
    return (time.perf_counter() - started) / repeat, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    table = synthetic.generate(args.households, 2025, 0)
    sim, _ = build(table, system_for(), 2025)
    persons, gezin = sim.persons, sim.populations["gezin"]
    values = numpy.random.default_rng(0).random(persons.count)
    masks, nth = {}, {}
    role = Gezin.VOLWASSENE

    def proposed_sum():
        mask = role_mask(gezin, role, masks)
        return numpy.bincount(gezin.members_entity_id[mask], weights=values[mask], minlength=gezin.count)

    def proposed_nth(n):
        def run():
            entities, who = nth_person_index(gezin, n, nth)
            out = gezin.filled_array(0, dtype=values.dtype)
            out[entities] = values[who]
            return out

        return run

    def stock_sum():  # GroupPopulation.sum with OpenFisca's own has_role (this package's simulations cache it)
        mask = Population.has_role(persons, role)
        return numpy.bincount(gezin.members_entity_id[mask], weights=values[mask], minlength=gezin.count)

    cases = [
        ("has_role(volwassene)", lambda: Population.has_role(persons, role), lambda: role_mask(gezin, role, masks)),
        ("gezin.sum(x, role=volwassene)", stock_sum, proposed_sum),
        ("value_nth_person(0, x)", lambda: GroupPopulation.value_nth_person(gezin, 0, values), proposed_nth(0)),
        ("value_nth_person(1, x)", lambda: GroupPopulation.value_nth_person(gezin, 1, values), proposed_nth(1)),
    ]
    print(f"{persons.count:,} persons in {gezin.count:,} gezinnen, mean of {args.repeat} calls\n")
    print("| helper | openfisca-core 46 | proposed | ratio | same result |")
    print("|---|---|---|---|---|")
    for name, stock, proposed in cases:
        proposed()  # the proposed version's one-off cost is paid on the first call of a simulation
        a, x = timed(stock, args.repeat)
        b, y = timed(proposed, args.repeat)
        print(f"| `{name}` | {a * 1e6:,.0f} us | {b * 1e6:,.0f} us | {a / b:,.1f}x | {numpy.array_equal(x, y)} |")


if __name__ == "__main__":
    main()
