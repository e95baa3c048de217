"""The month shortcut in one process: the time to compute a household with and without it, alternating in one run
(a ratio, not a timed test), and OpenFisca's formula runs and calls for each.

The households are issue 15's Web API household (a wage in March only, asking bijstand, zorgtoeslag and huurtoeslag
for 2025-03) and the households of ``tests/test_month_shortcut.py`` (the whole household view for a month)::

    .venv/bin/python benchmarks/month_shortcut.py --repeat 30
"""

from __future__ import annotations

import argparse
import copy
import importlib
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "tests"))


def _cases() -> dict[str, tuple[dict, list[str], str]]:
    household = importlib.import_module("web_api_household").household
    tests = importlib.import_module("test_month_shortcut")
    cases = {"issue 15 Web API household": (household(901.0), ["bijstand", "zorgtoeslag", "huurtoeslag"], "2025-03")}
    for label, situation in sorted(tests._households(2025).items()):
        cases[label] = (situation, tests.MONTH_VARIABLES, "2025-06")
    return cases


def _count_runs():
    """Patch OpenFisca's Simulation to count formula runs and calculate calls (for the counting pass only)."""
    from openfisca_core.simulations import Simulation

    from openfisca_amsterdam import month_shortcut

    counts = {"runs": 0, "calls": 0}
    run_formula, calculate, recorded = Simulation._run_formula, Simulation.calculate, month_shortcut._State.run_recorded

    def counted(function, key):
        def wrapper(*args, **kwargs):
            counts[key] += 1
            return function(*args, **kwargs)

        return wrapper

    Simulation._run_formula = counted(run_formula, "runs")
    month_shortcut._State.run_recorded = counted(recorded, "runs")
    Simulation.calculate = counted(calculate, "calls")

    def restore():
        Simulation._run_formula, Simulation.calculate = run_formula, calculate
        month_shortcut._State.run_recorded = recorded

    return counts, restore


def compute(situation: dict, variables: list[str], period: str, shortcut: bool) -> list:
    from openfisca_amsterdam.situation import build_simulation

    outcome = importlib.import_module("test_month_shortcut")._outcome  # a value, or a not-covered error
    simulation = build_simulation(copy.deepcopy(situation), month_shortcut=shortcut)
    return [outcome(simulation, name, period) for name in variables]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed computations per household and mode")
    args = parser.parse_args()
    print("| household | formula runs (plain / shortcut) | calls | ms plain | ms shortcut | ratio |")
    print("|---|---|---|---|---|---|")
    for label, (situation, variables, period) in _cases().items():
        assert compute(situation, variables, period, True) == compute(situation, variables, period, False), label
        counts, restore = _count_runs()
        found = {}
        for shortcut in (False, True):
            counts.update(runs=0, calls=0)
            compute(situation, variables, period, shortcut)
            found[shortcut] = dict(counts)
        restore()
        times = {False: [], True: []}
        for _ in range(args.repeat):
            for shortcut in (False, True):  # alternating: the machine's speed drifts
                started = time.perf_counter()
                compute(situation, variables, period, shortcut)
                times[shortcut].append(1000 * (time.perf_counter() - started))
        plain, fast = statistics.median(times[False]), statistics.median(times[True])
        print(
            f"| {label} | {found[False]['runs']} / {found[True]['runs']} | {found[False]['calls']} / "
            f"{found[True]['calls']} | {plain:.1f} | {fast:.1f} | {fast / plain:.2f} |"
        )


if __name__ == "__main__":
    main()
